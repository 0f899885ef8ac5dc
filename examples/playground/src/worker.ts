/** The language server, in this page's web worker, over the bundled rule files. */
import "./jitless.js";
import { startWorkerServer } from "@steward/language-server/browser";
import { files } from "steward:bundled";

startWorkerServer(new Map(Object.entries(files)));
