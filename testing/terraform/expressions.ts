/**
 * Reading the Terraform expressions a synthesized `cdk.tf.json` holds: a string is a template whose `${…}` parts are
 * expressions, and cdktf renders what it cannot write as JSON (e.g. `Fn.jsonencode({...})` with references inside)
 * as HCL expression syntax inside them: `${jsonencode({"Resource" = aws_kinesis_stream.s.arn, …})}`. This reads the
 * subset cdktf writes — objects, tuples, quoted templates, numbers, booleans, null, references
 * (`type.name.attr`, `data.…`, `[n]`) and function calls — into a small syntax tree, and renders or evaluates it.
 */

/** A parsed expression. */
export type Expression =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  | { readonly kind: "template"; readonly parts: readonly (string | Expression)[] }
  | { readonly kind: "object"; readonly entries: readonly (readonly [string, Expression])[] }
  | { readonly kind: "tuple"; readonly items: readonly Expression[] }
  | { readonly kind: "reference"; readonly path: string }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expression[] };

/** A template (a string of `cdk.tf.json`): literal text and the expressions of its `${…}` parts (`$${` is literal). */
export function parseTemplate(text: string): (string | Expression)[] {
  const parts: (string | Expression)[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      literal += text.slice(i + 1, i + 3);
      i += 3;
    } else if (text.startsWith("%{", i)) {
      throw new SyntaxError(`template directives (%{…}) are not supported: ${text.slice(i, i + 40)}`);
    } else if (text.startsWith("${", i)) {
      const end = closing(text, i + 2, "}");
      if (literal !== "") parts.push(literal);
      literal = "";
      parts.push(parseExpression(text.slice(i + 2, end)));
      i = end + 1;
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal !== "") parts.push(literal);
  return parts;
}

/** Index of the `close` that ends the expression starting at `from` (skipping nested brackets and quoted strings). */
export function closing(text: string, from: number, close: string): number {
  const stack: string[] = [];
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (stack.length === 0 && c === close) return i;
    if (c === "{" || c === "[" || c === "(") stack.push(c === "{" ? "}" : c === "[" ? "]" : ")");
    else if (c === stack[stack.length - 1]) stack.pop();
  }
  throw new SyntaxError(`unterminated expression: ${text.slice(from - 2, from + 40)}`);
}

/** Index of the quote closing the string that opens at `start` (templates inside it included). */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text.startsWith("$${", i) || text.startsWith("%%{", i)) i += 2;
    else if (text.startsWith("${", i)) i = closing(text, i + 2, "}");
    else if (text[i] === '"') return i;
  }
  throw new SyntaxError(`unterminated string: ${text.slice(start, start + 40)}`);
}

/** Parses one HCL expression of the subset cdktf writes. */
export function parseExpression(source: string): Expression {
  let i = 0;
  const space = () => {
    while (i < source.length && /\s/.test(source[i])) i++;
  };
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at ${i} in ${source.length > 120 ? `${source.slice(0, 120)}…` : source}`);
  };
  const expect = (c: string) => {
    space();
    if (source[i] !== c) fail(`expected '${c}'`);
    i++;
  };

  function value(): Expression {
    space();
    const c = source[i];
    if (c === "{") return object();
    if (c === "[") return tuple();
    if (c === '"') return quoted();
    if (c === "-" || /\d/.test(c ?? "")) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i)) ?? fail("bad number");
      i += m[0].length;
      return { kind: "literal", value: Number(m[0]) };
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i));
    if (word === null) return fail("unexpected character");
    i += word[0].length;
    if (word[0] === "true" || word[0] === "false") return { kind: "literal", value: word[0] === "true" };
    if (word[0] === "null") return { kind: "literal", value: null };
    space();
    if (source[i] === "(") {
      i++;
      return { kind: "call", name: word[0], args: items(")") };
    }
    let path = word[0];
    for (;;) {
      const more = /^(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])/.exec(source.slice(i));
      if (more === null) break;
      path += more[0];
      i += more[0].length;
    }
    if (!path.includes(".")) fail(`a bare name (${path}) is not a reference`);
    return { kind: "reference", path };
  }

  function object(): Expression {
    expect("{");
    const entries: [string, Expression][] = [];
    space();
    while (source[i] !== "}") {
      const key = value();
      let name: string;
      if (key.kind === "template" && key.parts.every((p) => typeof p === "string")) name = key.parts.join("");
      else if (key.kind === "reference" && !key.path.includes("[")) name = key.path;
      else return fail("an object key must be a literal");
      space();
      if (source[i] === "=" || source[i] === ":") i++;
      else fail("expected '=' or ':'");
      entries.push([name, value()]);
      space();
      if (source[i] === ",") i++;
      space();
    }
    i++;
    return { kind: "object", entries };
  }

  function tuple(): Expression {
    expect("[");
    return { kind: "tuple", items: items("]") };
  }

  /** Comma-separated values up to and including `close` (a tuple's `]`, a call's `)`). */
  function items(close: string): Expression[] {
    const list: Expression[] = [];
    space();
    while (source[i] !== close) {
      list.push(value());
      space();
      if (source[i] === ",") i++;
      else if (source[i] !== close) fail(`expected ',' or '${close}'`);
      space();
    }
    i++;
    return list;
  }

  function quoted(): Expression {
    const end = endOfString(source, i);
    const body = source.slice(i + 1, end);
    i = end + 1;
    const unescaped: (string | Expression)[] = parseTemplate(unescapeOutsideExpressions(body));
    return { kind: "template", parts: unescaped };
  }

  const result = value();
  space();
  if (i !== source.length) fail("unexpected text after the expression");
  return result;
}

/** HCL string escapes (`\"`, `\\`, `\n`, `\t`, `\r`, `\uNNNN`) resolved, outside `${…}` parts. */
function unescapeOutsideExpressions(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    if (body.startsWith("$${", i)) {
      out += "$${";
      i += 2;
    } else if (body.startsWith("${", i)) {
      const end = closing(body, i + 2, "}");
      out += body.slice(i, end + 1);
      i = end;
    } else if (body[i] === "\\") {
      const next = body[i + 1];
      if (next === "u") {
        out += String.fromCharCode(Number.parseInt(body.slice(i + 2, i + 6), 16));
        i += 5;
      } else {
        out += ({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[next] ?? next;
        i += 1;
      }
    } else {
      out += body[i];
    }
  }
  return out;
}

/** The expression written back as source (a reference as `aws_x.y.arn`, a template with its `${…}` parts). */
export function expressionSource(expression: Expression): string {
  switch (expression.kind) {
    case "literal":
      return JSON.stringify(expression.value);
    case "reference":
      return expression.path;
    case "template":
      return JSON.stringify(expression.parts.map((p) => (typeof p === "string" ? p.replace(/\$\{/g, () => "$${") : `\${${expressionSource(p)}}`)).join(""));
    case "object":
      return `{${expression.entries.map(([k, v]) => `${JSON.stringify(k)} = ${expressionSource(v)}`).join(", ")}}`;
    case "tuple":
      return `[${expression.items.map(expressionSource).join(", ")}]`;
    case "call":
      return `${expression.name}(${expression.args.map(expressionSource).join(", ")})`;
  }
}

/**
 * Evaluates an expression: `reference` gives a referenced value (or undefined when it cannot), `jsonencode` is
 * Terraform's (object keys in lexical order, as Terraform's object types hold them). Undefined when any part cannot
 * be evaluated (another function, an unknown reference).
 */
export function evaluateExpression(expression: Expression, reference: (path: string) => { value: unknown } | undefined): { value: unknown } | undefined {
  switch (expression.kind) {
    case "literal":
      return { value: expression.value };
    case "reference":
      return reference(expression.path);
    case "template": {
      if (expression.parts.length === 1 && typeof expression.parts[0] !== "string") return evaluateExpression(expression.parts[0], reference);
      let text = "";
      for (const part of expression.parts) {
        if (typeof part === "string") {
          text += part;
          continue;
        }
        const evaluated = evaluateExpression(part, reference);
        if (evaluated === undefined || !["string", "number", "boolean"].includes(typeof evaluated.value)) return undefined;
        text += String(evaluated.value);
      }
      return { value: text };
    }
    case "object": {
      const value: Record<string, unknown> = {};
      for (const [key, item] of expression.entries) {
        const evaluated = evaluateExpression(item, reference);
        if (evaluated === undefined) return undefined;
        value[key] = evaluated.value;
      }
      return { value };
    }
    case "tuple": {
      const items: unknown[] = [];
      for (const item of expression.items) {
        const evaluated = evaluateExpression(item, reference);
        if (evaluated === undefined) return undefined;
        items.push(evaluated.value);
      }
      return { value: items };
    }
    case "call": {
      if (expression.name !== "jsonencode" || expression.args.length !== 1) return undefined;
      const evaluated = evaluateExpression(expression.args[0], reference);
      return evaluated === undefined ? undefined : { value: terraformJson(evaluated.value) };
    }
  }
}

/**
 * JSON text as Terraform's `jsonencode` writes it: object keys in lexical order, and `<`, `>`, `&`, U+2028, U+2029
 * escaped as `\u003c`… (Go's encoding/json, which Terraform uses).
 */
function terraformJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/**
 * A `jsonencode(...)` document of a synthesized stack (an IAM policy, say) as the JSON it encodes, with each reference
 * or interpolation kept as its `${…}` text, e.g. `{ Resource: "${aws_kinesis_stream.s.arn}" }`. A plain JSON string
 * is parsed as it is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document, as JSON.parse gives it
export function decodeJsonDocument(value: string): any {
  const parts = parseTemplate(value);
  if (parts.length !== 1 || typeof parts[0] === "string") return JSON.parse(value);
  const call = parts[0];
  if (call.kind !== "call" || call.name !== "jsonencode" || call.args.length !== 1) throw new Error(`not a jsonencode(...) document: ${value.slice(0, 80)}`);
  const keep = (expression: Expression): unknown => {
    switch (expression.kind) {
      case "literal":
        return expression.value;
      case "reference":
        return `\${${expression.path}}`;
      case "template":
        return expression.parts.map((p) => (typeof p === "string" ? p : `\${${expressionSource(p)}}`)).join("");
      case "object":
        return Object.fromEntries(expression.entries.map(([k, v]) => [k, keep(v)]));
      case "tuple":
        return expression.items.map(keep);
      case "call":
        return `\${${expressionSource(expression)}}`;
    }
  };
  return keep(call.args[0]);
}
