/**
 * The repository and its two packages stand alone: no tracked file, and no file packed into either tarball, refers to
 * notes that are not part of them (by folder, by note name, or by section number). Where a figure or rule comes from
 * outside, the text cites its primary source instead: an AWS or provider documentation URL with the date checked, or
 * a repository path.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

/**
 * What a citation of outside notes looks like. The strings are assembled here so that this file does not match itself.
 * The section sign is not used anywhere in the repository (README links name their section instead), so any occurrence
 * is a section-number citation.
 */
const OUTSIDE_NOTE_PATTERNS: readonly RegExp[] = [
  new RegExp(["shared", "reference"].join("/"), "i"),
  new RegExp(`\\b(${[["aws", "facts"], ["prior", "art"], ["cdktf", "practices"]].map((n) => n.join("[-_]")).join("|")})\\b`, "i"),
  new RegExp(String.fromCharCode(0xa7)),
];

interface Citation {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Every line of `text` matching an outside-note pattern. */
function citationsIn(file: string, text: string): Citation[] {
  const found: Citation[] = [];
  text.split("\n").forEach((line, i) => {
    if (OUTSIDE_NOTE_PATTERNS.some((pattern) => pattern.test(line))) {
      found.push({ file, line: i + 1, text: line.trim().slice(0, 160) });
    }
  });
  return found;
}

/** The repository file a packed file was built from: itself, or the TypeScript source of a dist/ output. */
function sourceOf(packedPath: string): string {
  const built = /^(stream-simulator\/)?dist\/(.*?)\.(js\.map|js|d\.ts)$/.exec(packedPath);
  if (built === null) return packedPath;
  return built[1] ? `stream-simulator/src/${built[2]}.ts` : `${built[2]}.ts`;
}

function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "" && fs.existsSync(path.join(ROOT, file)));
}

/** The files of both tarballs, as `npm pack` lists them, each as a path from the repository root. */
function packedFiles(): string[] {
  const out = execFileSync(
    "npm",
    ["pack", "--dry-run", "--json", "--ignore-scripts", "--workspaces", "--include-workspace-root"],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, npm_config_loglevel: "error" } }
  );
  const packages = JSON.parse(out) as { name: string; files: { path: string }[] }[];
  expect(packages.map((p) => p.name).sort()).toEqual(["cdktf-kinesis-pipeline", "stream-simulator"]);
  return packages.flatMap((p) =>
    p.files.map((f) => (p.name === "stream-simulator" ? `stream-simulator/${f.path}` : f.path))
  );
}

describe("the repository and its packages stand alone", () => {
  const tracked = trackedFiles();
  const tracedCitations = (files: readonly string[]): Citation[] =>
    files.flatMap((file) => citationsIn(file, fs.readFileSync(path.join(ROOT, file), "utf8")));

  it("no tracked file cites notes kept outside the repository", () => {
    const citations = tracedCitations(tracked);
    expect(citations).toEqual([]);
  });

  it("no file packed into either tarball does (built files count as their sources)", () => {
    const packed = packedFiles();
    // The packages' dist/ is what `npm run typecheck` (the first step of `npm test`) builds; without it the check
    // would cover the READMEs only.
    expect(packed).toEqual(expect.arrayContaining(["dist/index.js", "stream-simulator/dist/index.js"]));
    const citations = tracedCitations(packed).map((c) => ({ ...c, file: sourceOf(c.file) }));
    expect(citations).toEqual([]);
  });

  it("recognises each form of citation and leaves ordinary text alone", () => {
    const sign = String.fromCharCode(0xa7);
    const cited = [
      `see ${["shared", "reference", "limits.md"].join("/")}`,
      `(${"aws"}-facts.md ${sign}4.5)`,
      `${"prior"}-art item 2`,
      `${"cdktf"}-practices.md`,
      `${sign}7`,
    ];
    for (const text of cited) expect(citationsIn("x", text)).toHaveLength(1);
    const ordinary = [
      "[Security posture](docs/security.md#prior-comparison)",
      "AWS documentation, https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html (checked 2026-11-22)",
      "prior art and the facts about AWS it rests on",
      "README section 3",
    ];
    for (const text of ordinary) expect(citationsIn("x", text)).toEqual([]);
  });
});
