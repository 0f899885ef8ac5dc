/**
 * One fuzz target run in a worker thread, so the runner can stop it when an input hangs. Before
 * each input it posts the input to the runner (which keeps the last one, to save if the worker has to
 * be stopped); at the end it posts the counts and the finding, if any, shrunk by fast-check.
 */
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import type { FindingKind } from "./reproducer.js";
import type { FuzzTarget } from "./target.js";

/** What the runner asks of a worker: a budget of inputs or seconds, or one input to replay. */
export interface WorkerTask {
  readonly file: string;
  readonly seed: number;
  readonly runs?: number;
  readonly seconds?: number;
  readonly replay?: { readonly input: unknown };
}

/** Messages from a worker to the runner. */
export type WorkerMessage =
  | { readonly kind: "start"; readonly input: unknown; readonly accepted: number; readonly rejected: number }
  | {
      readonly kind: "done";
      readonly accepted: number;
      readonly rejected: number;
      readonly finding?: { readonly kind: FindingKind; readonly message: string; readonly seed?: number; readonly path?: string; readonly input: unknown };
    };

/** The error a property throws for a wrong accept, to tell it from a throw of the target itself. */
class WrongAccept extends Error {}

function post(message: WorkerMessage): void {
  try {
    parentPort!.postMessage(message);
  } catch {
    // An input structured clone cannot copy (a function, a symbol) is posted as its description.
    parentPort!.postMessage({ ...message, input: String((message as { input?: unknown }).input) });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${(error.stack ?? "").split("\n").slice(1, 4).join("\n")}`;
  return String(error);
}

async function work(task: WorkerTask): Promise<void> {
  const target = ((await import(pathToFileURL(task.file).href)) as { default: FuzzTarget }).default;
  let accepted = 0;
  let rejected = 0;
  let failing = false;
  const once = (input: unknown): void => {
    post({ kind: "start", input, accepted, rejected });
    const result = target.run(input);
    if (!failing) {
      if (result.outcome === "accepted") accepted++;
      else rejected++;
    }
    if (result.wrongAccept !== undefined) throw new WrongAccept(result.wrongAccept);
  };
  if (task.replay !== undefined) {
    try {
      once(task.replay.input);
      return post({ kind: "done", accepted, rejected });
    } catch (e) {
      const kind = e instanceof WrongAccept ? "wrong-accept" : "throw";
      return post({ kind: "done", accepted, rejected, finding: { kind, message: e instanceof WrongAccept ? e.message : describe(e), input: task.replay.input } });
    }
  }
  const details = fc.check(
    fc.property(target.arbitrary, (input) => {
      try {
        once(input);
      } catch (e) {
        failing = true;
        throw e;
      }
    }),
    {
      seed: task.seed,
      numRuns: task.runs ?? Number.MAX_SAFE_INTEGER,
      ...(task.seconds !== undefined ? { interruptAfterTimeLimit: task.seconds * 1000 } : {}),
    },
  );
  if (!details.failed || details.counterexample === null) return post({ kind: "done", accepted, rejected });
  const error = details.errorInstance;
  post({
    kind: "done",
    accepted,
    rejected,
    finding: {
      kind: error instanceof WrongAccept ? "wrong-accept" : "throw",
      message: error instanceof WrongAccept ? error.message : describe(error),
      seed: details.seed,
      ...(details.counterexamplePath !== null ? { path: details.counterexamplePath } : {}),
      input: details.counterexample[0],
    },
  });
}

await work(workerData as WorkerTask);
