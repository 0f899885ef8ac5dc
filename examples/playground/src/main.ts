/**
 * The playground page: CodeMirror editors for the rule files, talking to the language server in a
 * web worker; the patient record and the time; the Decision and its trace, recomputed a moment
 * after each change; and the whole state kept in the URL fragment so a link reproduces it.
 */
import "./jitless.js";
import { json } from "@codemirror/lang-json";
import { LSPClient, languageServerExtensions, type Transport } from "@codemirror/lsp-client";
import { EditorView } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { files, patients } from "steward:bundled";
import { el } from "./dom.js";
import { decide } from "./evaluate.js";
import { steward } from "./highlight.js";
import { renderDecision, renderProblems } from "./render-decision.js";
import { decodeState, encodeState, type PlaygroundState } from "./state.js";

const settleMs = 250;
const bundledPatients = new Map(patients.map((p) => [p.name, p.text]));
const defaultState: PlaygroundState = {
  file: "/guidelines/ng109-lower-uti/ng109.stw",
  edits: {},
  patient: { name: patients[0]?.name ?? "" },
  now: "2026-11-25T09:00:00Z",
};

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** Messages between the LSP client and the worker: JSON text on this side, objects on the worker's. */
function workerTransport(worker: Worker): Transport {
  const handlers = new Set<(message: string) => void>();
  worker.addEventListener("message", (event: MessageEvent) => handlers.forEach((h) => h(JSON.stringify(event.data))));
  return {
    send: (message) => worker.postMessage(JSON.parse(message)),
    subscribe: (handler) => handlers.add(handler),
    unsubscribe: (handler) => handlers.delete(handler),
  };
}

async function start(): Promise<void> {
  const status = byId<HTMLSpanElement>("status");
  const restored = await decodeState(location.hash);
  const state: PlaygroundState = restored === undefined || "error" in restored ? defaultState : restored;
  if (restored !== undefined && "error" in restored) status.textContent = restored.error;

  const texts = new Map(Object.entries(files));
  for (const [path, text] of Object.entries(state.edits)) if (texts.has(path)) texts.set(path, text);
  let current = texts.has(state.file) ? state.file : defaultState.file;
  let patientName = bundledPatients.has(state.patient.name) ? state.patient.name : defaultState.patient.name;

  const client = new LSPClient({ rootUri: "file:///", extensions: languageServerExtensions() }).connect(workerTransport(new Worker("worker.js")));
  const views = new Map<string, EditorView>();
  const editors = byId<HTMLDivElement>("editors");

  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), settleMs);
  };

  const viewOf = (path: string): EditorView => {
    let view = views.get(path);
    if (view === undefined) {
      const wrapper = editors.appendChild(el("div", "file-view"));
      wrapper.dataset["path"] = path;
      view = new EditorView({
        doc: texts.get(path) ?? "",
        parent: wrapper,
        extensions: [
          basicSetup,
          steward,
          client.plugin(`file://${path}`, "steward"),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            texts.set(path, update.state.doc.toString());
            schedule();
          }),
        ],
      });
      views.set(path, view);
    }
    return view;
  };
  const show = (path: string): EditorView => {
    current = path;
    const view = viewOf(path);
    for (const wrapper of editors.children) (wrapper as HTMLElement).hidden = (wrapper as HTMLElement).dataset["path"] !== path;
    byId<HTMLSelectElement>("file").value = path;
    byId("file-title").textContent = `Rule file ${path.replace(/^\/guidelines\//, "")}`;
    view.requestMeasure();
    schedule();
    return view;
  };
  client.workspace.displayFile = async (uri) => (uri.startsWith("file://") && texts.has(uri.slice(7)) ? show(uri.slice(7)) : null);

  // Every file the link changed is opened in the language server too, so the others see the edits.
  for (const path of Object.keys(state.edits)) if (texts.has(path)) viewOf(path);

  const patientView = new EditorView({
    doc: state.patient.text ?? bundledPatients.get(patientName) ?? "{}",
    parent: byId("patient-editor"),
    extensions: [basicSetup, json(), EditorView.updateListener.of((update) => update.docChanged && schedule())],
  });
  const nowInput = byId<HTMLInputElement>("now");
  nowInput.value = state.now;

  const fileSelect = byId<HTMLSelectElement>("file");
  for (const path of texts.keys()) fileSelect.append(new Option(path.replace(/^\/guidelines\//, ""), path));
  const patientSelect = byId<HTMLSelectElement>("patient");
  for (const name of bundledPatients.keys()) patientSelect.append(new Option(name.replace(/\.json$/, ""), name));
  patientSelect.value = patientName;

  fileSelect.addEventListener("change", () => show(fileSelect.value));
  patientSelect.addEventListener("change", () => {
    patientName = patientSelect.value;
    patientView.dispatch({ changes: { from: 0, to: patientView.state.doc.length, insert: bundledPatients.get(patientName) ?? "{}" } });
  });
  nowInput.addEventListener("input", schedule);
  byId<HTMLButtonElement>("share").addEventListener("click", () => {
    void navigator.clipboard.writeText(location.href).then(
      () => (status.textContent = "link copied"),
      () => (status.textContent = "copy the address bar to share"),
    );
  });

  const snapshot = (): PlaygroundState => {
    const patientText = patientView.state.doc.toString();
    return {
      file: current,
      edits: Object.fromEntries([...texts].filter(([path, text]) => files[path] !== text)),
      patient: { name: patientName, ...(patientText !== bundledPatients.get(patientName) ? { text: patientText } : {}) },
      now: nowInput.value,
    };
  };

  const refresh = async (): Promise<void> => {
    timer = undefined;
    const decision = byId("decision");
    const trace = byId("trace");
    const outcome = decide(texts, patientView.state.doc.toString(), nowInput.value.trim());
    if (outcome.kind === "decided") {
      decision.replaceChildren(renderDecision(outcome.decision));
      trace.textContent = outcome.trace;
    } else {
      decision.replaceChildren(renderProblems(outcome.title, outcome.problems));
      trace.textContent = "";
    }
    decision.dataset["outcome"] = outcome.kind;
    history.replaceState(null, "", await encodeState(snapshot()));
  };

  show(current);
}

void start();
