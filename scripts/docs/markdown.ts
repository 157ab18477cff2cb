/**
 * Generated parts of Markdown files: code blocks included from real files, and marked sections.
 *
 * An include is a marker line followed by a fenced block, which `npm run docs` fills with the file's content:
 *
 *   <!-- include: examples/snippets/sizing.ts -->
 *   ```ts
 *   …
 *   ```
 *
 * A file with a `// #region readme` … `// #endregion` pair contributes only the lines between them (dedented);
 * any other file is included whole, less its leading doc comment (the file's summary in the file map). A marked section is everything between `<!-- NAME:begin -->` and
 * `<!-- NAME:end -->`.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const INCLUDE = /^<!-- include: (\S+) -->\n```(\w*)\n[\s\S]*?^```$/gm;
const LANGUAGES: Record<string, string> = { ".ts": "ts", ".js": "js", ".sh": "sh", ".json": "json", ".ini": "ini" };

/** The part of `text` a README shows: its `readme` region, dedented, or all of it but a leading doc comment. */
export function readmeRegion(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n");
  const start = lines.findIndex((line) => /^\s*\/\/ #region readme\s*$/.test(line));
  if (start < 0) return lines.join("\n").replace(/^\/\*\*[\s\S]*?\*\/\n/, "");
  const end = lines.findIndex((line, i) => i > start && /^\s*\/\/ #endregion\s*$/.test(line));
  if (end < 0) throw new Error("a `// #region readme` without its `// #endregion`");
  const region = lines.slice(start + 1, end);
  const indent = Math.min(...region.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length));
  return region.map((line) => line.slice(indent)).join("\n");
}

/** Every include of `markdown`: the file it names and the block's current language and position. */
export function includesOf(markdown: string): { file: string; index: number }[] {
  return [...markdown.matchAll(INCLUDE)].map((m) => ({ file: m[1], index: m.index! }));
}

/** `markdown` with every include filled from the files under `root`. */
export function renderIncludes(markdown: string, root: string): string {
  return markdown.replace(INCLUDE, (_block, file: string) => {
    const language = LANGUAGES[path.extname(file)];
    if (language === undefined) throw new Error(`include of ${file}: no language known for its extension`);
    const text = readmeRegion(fs.readFileSync(path.join(root, file), "utf8"));
    return `<!-- include: ${file} -->\n\`\`\`${language}\n${text}\n\`\`\``;
  });
}

/** `markdown` with the section between `<!-- name:begin -->` and `<!-- name:end -->` replaced by `content`. */
export function replaceSection(markdown: string, name: string, content: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const from = markdown.indexOf(begin);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${begin} … ${end} section`);
  return `${markdown.slice(0, from + begin.length)}\n${content.replace(/\n$/, "")}\n${markdown.slice(to)}`;
}

/** Every fenced code block of `markdown`: its language, text, and the line before it. */
export function fencedBlocks(markdown: string): { language: string; text: string; marker: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => {
    const before = markdown.slice(0, m.index).replace(/\n$/, "");
    return { language: m[1], text: m[2], marker: before.slice(before.lastIndexOf("\n") + 1) };
  });
}
