/**
 * `npm run docs`: regenerates every generated part of the documentation, in order:
 *  1. the packages' declarations (`npm run build`), then the API reference in docs/api/ from them;
 *  2. the README's included code blocks (from examples/);
 *  3. the layout: the README's directory list and CONTRIBUTING.md's file map;
 *  4. docs/dashboard.svg, the pipeline dashboard's layout as the example stack synthesizes it.
 * test/docs.test.ts fails when any of them is stale.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { generateApiReference } from "./api";
import { DASHBOARD_SVG, exampleDashboardWidgets, renderDashboardSvg } from "./dashboard";
import { fileMap, readmeLayout, repositoryFiles } from "./layout";
import { renderIncludes, replaceSection } from "./markdown";

const ROOT = path.resolve(__dirname, "../..");

function update(file: string, render: (text: string) => string): void {
  const absolute = path.join(ROOT, file);
  const before = fs.readFileSync(absolute, "utf8");
  const after = render(before);
  if (after !== before) fs.writeFileSync(absolute, after);
  console.log(`${file}: ${after === before ? "up to date" : "regenerated"}`);
}

const build = spawnSync(process.execPath, [path.join(ROOT, "scripts/build.js")], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
generateApiReference(ROOT);
const files = repositoryFiles(ROOT);
update("README.md", (text) => replaceSection(renderIncludes(text, ROOT), "layout", readmeLayout(files)));
update("CONTRIBUTING.md", (text) => replaceSection(text, "file-map", fileMap(ROOT, files)));
update(DASHBOARD_SVG, () => renderDashboardSvg(exampleDashboardWidgets()));
