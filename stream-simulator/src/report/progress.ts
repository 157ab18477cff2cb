/**
 * A progress bar for long runs, drawn on stderr only when a person is watching: stdout is a terminal (the results are
 * not piped or redirected) and stderr is one too. Piped or redirected output never receives bar characters or
 * carriage returns.
 */

/** The part of a writable stream the bar needs (process.stderr satisfies it). */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressOptions {
  /** Text before the bar. */
  readonly label?: string;
  /** Nothing is drawn until the run has lasted this long, so short runs stay silent. @default 250 */
  readonly delayMs?: number;
  /** Clock in ms (injectable for tests). @default Date.now */
  readonly now?: () => number;
  /** Whether the command's results go to a terminal; when false, nothing is drawn. @default true */
  readonly resultsToTerminal?: boolean;
}

export interface ProgressBar {
  /** Reports progress as a fraction 0…1; redraws at most once per whole percent. */
  update(fraction: number): void;
  /** Clears the bar line (if one was drawn). */
  done(): void;
  /** True once the bar has been drawn at least once. */
  readonly drawn: boolean;
}

const FILLED = "█";
const EMPTY = "░";

/** Renders one bar line for `fraction` in `width` columns: "label [████░░░░]  42%". */
export function renderBar(fraction: number, width: number, label = ""): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const pct = `${Math.floor(f * 100)}%`.padStart(4);
  const prefix = label ? `${label} ` : "";
  const barWidth = Math.max(10, Math.min(50, width - prefix.length - pct.length - 4));
  const filled = Math.round(f * barWidth);
  return `${prefix}[${FILLED.repeat(filled)}${EMPTY.repeat(barWidth - filled)}] ${pct}`;
}

/** Creates a bar on `stream`; a no-op object when the stream is not a TTY or the results are not on a terminal. */
export function createProgressBar(stream: ProgressStream, options: ProgressOptions = {}): ProgressBar {
  if (stream.isTTY !== true || options.resultsToTerminal === false) {
    return { update: () => undefined, done: () => undefined, drawn: false };
  }
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? 250;
  const started = now();
  let lastPercent = -1;
  let drawn = false;
  let lineLength = 0;
  return {
    update(fraction: number): void {
      if (now() - started < delayMs) return;
      const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
      if (percent === lastPercent) return;
      lastPercent = percent;
      const line = renderBar(fraction, stream.columns ?? 80, options.label);
      lineLength = line.length;
      stream.write(`\r${line}`);
      drawn = true;
    },
    done(): void {
      if (drawn) stream.write(`\r${" ".repeat(lineLength)}\r`);
    },
    get drawn(): boolean {
      return drawn;
    },
  };
}
