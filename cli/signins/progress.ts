/**
 * A progress bar on stderr for sign-in files that take more than a second to read. Only on a
 * terminal: in CI logs and pipes a redrawn bar is noise, so nothing is drawn there.
 */
import * as path from "node:path";
import { SingleBar } from "cli-progress";

const DELAY_MS = 1000;

export function fileProgress(stream: NodeJS.WriteStream = process.stderr): { onProgress: (file: string, read: number, size: number) => void; stop: () => void } {
  let current: string | undefined;
  let started = 0;
  let bar: SingleBar | undefined;
  const stop = () => { bar?.stop(); bar = undefined; };
  return {
    onProgress(file, read, size) {
      if (!stream.isTTY) return;
      if (file !== current) { stop(); current = file; started = Date.now(); }
      if (!bar && Date.now() - started > DELAY_MS) {
        bar = new SingleBar({ stream, format: `${path.basename(file)} [{bar}] {percentage}% · {value}/{total} MB · eta {eta}s`, hideCursor: true, clearOnComplete: true });
        bar.start(Math.max(1, Math.round(size / 1e6)), 0);
      }
      bar?.update(Math.round(read / 1e6));
    },
    stop,
  };
}
