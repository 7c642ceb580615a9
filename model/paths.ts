import * as path from "node:path";

/** The project root, from the sources (model/) or the build (dist/model/). */
export const PROJECT_ROOT = path.resolve(__dirname, "..", __dirname.includes(`${path.sep}dist${path.sep}`) ? ".." : "");
