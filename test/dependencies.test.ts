/**
 * The dependency rules of the layout, checked on the sources' import statements (type-only imports included):
 * - no import cycles anywhere in the library, the example app and the simulator;
 * - the simulator's model never imports its Terraform adapter (`stream-simulator/src/terraform/`), which only the
 *   edges use: the CLI, its reports and the library's jest matchers;
 * - the simulator imports nothing of the library; the constructs import neither the example app nor the matchers, and
 *   never read synthesized Terraform JSON (the adapter).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const SOURCE_DIRS = ["constructs", "config", "stacks", "testing", "stream-simulator/src"];
const SOURCE_FILES = ["index.ts", "main.ts"];
/** Package specifiers resolved to their sources, as tsconfig.json's `paths` resolve them. */
const PACKAGES: Readonly<Record<string, string>> = {
  "stream-simulator": "stream-simulator/src/index.ts",
  "stream-simulator/terraform": "stream-simulator/src/terraform/index.ts",
  "cdktf-kinesis-pipeline": "index.ts",
};

function sourceFiles(): string[] {
  const files = [...SOURCE_FILES];
  for (const dir of SOURCE_DIRS) {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })) {
      if (entry.endsWith(".ts") && !entry.endsWith(".d.ts")) files.push(path.posix.join(dir, entry.split(path.sep).join("/")));
    }
  }
  return files.sort();
}

/** The repository file an import specifier of `from` names (a module, or a file such as package.json), or undefined for an outside package. */
function resolve(from: string, specifier: string): string | undefined {
  if (PACKAGES[specifier] !== undefined) return PACKAGES[specifier];
  if (!specifier.startsWith(".")) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
  }
  throw new Error(`${from}: cannot resolve ${JSON.stringify(specifier)}`);
}

/** One import of a file: the file it names, and whether only types are imported (erased at run time). */
interface Import {
  readonly target: string;
  readonly typeOnly: boolean;
}

/** The imports of one source: import/export … from (type-only ones marked), import x = require(), require(), import(). */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.ES2022, true);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly =
        clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || (named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)) });
    } else if (ts.isExternalModuleReference(node) && ts.isStringLiteral(node.expression)) {
      found.push({ specifier: node.expression.text, typeOnly: false });
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.flatMap(({ specifier, typeOnly }) => {
    const target = resolve(file, specifier);
    return target === undefined ? [] : [{ target, typeOnly }];
  });
}

/** Every file → the repository files it imports. */
function importGraph(typeImports: boolean): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    graph.set(file, [...new Set(importsOf(file).filter((i) => typeImports || !i.typeOnly).map((i) => i.target))]);
  }
  return graph;
}

const graph = importGraph(true);

/** The import cycles of `graph`, each as the files along it, sorted (Tarjan's strongly connected components). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found.sort();
}

/** Imports from files matching `from` of files matching `to`, as "a → b". */
function importsBetween(from: (file: string) => boolean, to: (file: string) => boolean): string[] {
  return [...graph].filter(([file]) => from(file)).flatMap(([file, targets]) => targets.filter(to).map((t) => `${file} → ${t}`));
}

const ADAPTER = (f: string) => f.startsWith("stream-simulator/src/terraform/");
const SIMULATOR_EDGES = (f: string) => ADAPTER(f) || f === "stream-simulator/src/cli.ts" || f.startsWith("stream-simulator/src/report/");
const SIMULATOR = (f: string) => f.startsWith("stream-simulator/");

describe("dependencies", () => {
  it("reads every source file and its imports", () => {
    expect(graph.size).toBeGreaterThan(80);
    expect(graph.get("constructs/firehose/firehose-to-s3.ts")).toContain("constructs/validation/firehose.ts");
  });

  it("has no import cycles, neither at run time nor of types", () => {
    expect(cycles(importGraph(false))).toEqual([]);
    expect(cycles(graph)).toEqual([]);
  });

  it("keeps the simulator's model free of its Terraform adapter", () => {
    expect(importsBetween((f) => SIMULATOR(f) && !SIMULATOR_EDGES(f), ADAPTER)).toEqual([]);
  });

  it("keeps the simulator free of the library", () => {
    expect(importsBetween(SIMULATOR, (f) => !SIMULATOR(f))).toEqual([]);
  });

  it("keeps the constructs free of the example app, the matchers and the adapter", () => {
    const outside = (f: string) => f.startsWith("config/") || f.startsWith("stacks/") || f.startsWith("testing/") || f === "main.ts" || ADAPTER(f);
    expect(importsBetween((f) => f.startsWith("constructs/"), outside)).toEqual([]);
  });
});
