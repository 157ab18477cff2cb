/**
 * docs/dashboard.svg: the layout of a pipeline's CloudWatch dashboard, drawn from the `dashboard_body` the dev
 * agent-telemetry example stack synthesizes (its widgets' grid positions, titles, metrics and threshold lines), so
 * the picture in docs/constructs.md is the dashboard that deploys. `npm run docs` writes it; test/docs.test.ts fails
 * when it is stale.
 */
import { Testing } from "cdktf";
import { ENVIRONMENTS } from "../../config/environments";
import { AgentTelemetryStack } from "../../stacks/agent-telemetry-stack";
import { decodeJsonDocument } from "../../testing/terraform/expressions";

export const DASHBOARD_SVG = "docs/dashboard.svg";

/** Pixels per dashboard grid column and row. */
const CELL_X = 40;
const CELL_Y = 36;
const COLUMNS = 24;

const escape = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

interface Widget {
  x: number;
  y: number;
  width: number;
  height: number;
  properties: { title: string; metrics: unknown[][]; annotations?: { horizontal: { label: string; value: number }[] } };
}

/** The dev agent-telemetry stack's dashboard widgets, as synthesized. */
export function exampleDashboardWidgets(): Widget[] {
  const stack = new AgentTelemetryStack(Testing.app(), "agent-telemetry", { environment: ENVIRONMENTS.dev });
  const json = JSON.parse(Testing.synth(stack));
  const dashboards = Object.values((json.resource?.aws_cloudwatch_dashboard ?? {}) as Record<string, { dashboard_body: string }>);
  if (dashboards.length !== 1) throw new Error(`the agent-telemetry example synthesizes ${dashboards.length} dashboards, expected 1`);
  return (decodeJsonDocument(dashboards[0].dashboard_body) as { widgets: Widget[] }).widgets;
}

/** An SVG of the widgets on the dashboard grid: one box per widget with its title, metrics and lines. */
export function renderDashboardSvg(widgets: readonly Widget[]): string {
  const rows = Math.max(...widgets.map((w) => w.y + w.height));
  const width = COLUMNS * CELL_X;
  const height = rows * CELL_Y;
  const boxes = widgets.map((w) => {
    const [x, y, bw, bh] = [w.x * CELL_X, w.y * CELL_Y, w.width * CELL_X, w.height * CELL_Y];
    const metrics = w.properties.metrics.map((m) => {
      const options = m[m.length - 1] as { stat?: string; label?: string };
      return `${options.label ?? String(m[1])}: ${String(m[1])} (${options.stat ?? ""})`;
    });
    const lines = (w.properties.annotations?.horizontal ?? []).map((a) => `— ${a.label}: ${a.value.toLocaleString("en-US")}`);
    const text = [...metrics, ...lines]
      .map((t, i) => `<text x="${x + 12}" y="${y + 52 + i * 18}" font-size="12" fill="#444">${escape(t)}</text>`)
      .join("");
    return (
      `<g><rect x="${x + 4}" y="${y + 4}" width="${bw - 8}" height="${bh - 8}" rx="6" fill="#f7f9fc" stroke="#8da2c0"/>` +
      `<text x="${x + 12}" y="${y + 28}" font-size="14" font-weight="bold" fill="#1d2b44">${escape(w.properties.title)}</text>${text}</g>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>${boxes.join("")}</svg>\n`
  );
}
