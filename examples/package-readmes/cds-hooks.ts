import { readFileSync } from "node:fs";
import { evaluate, prepare, type GuidelineIR } from "@steward/core";
import { decisionToCards, parseHookRequest, prefetchTemplates, readHookRequest, validateCdsResponse } from "@steward/cds-hooks";

const guidelines = [JSON.parse(readFileSync("ng109.ir.json", "utf8")) as GuidelineIR];
const evaluator = prepare(guidelines);
const templates = prefetchTemplates(guidelines); // what the discovery response asks the client to prefetch
const now = new Date().toISOString();
const request = parseHookRequest(JSON.parse(readFileSync("order-select.json", "utf8")), "order-select");
if (request._tag === "Right" && evaluator._tag === "Right") {
  const read = readHookRequest(request.right, { now, templates, setting: "primary-care" });
  const decision = read._tag === "Right" ? evaluate(evaluator.right, read.right.context, { now }) : read;
  if (read._tag === "Right" && decision._tag === "Right") {
    const { cards } = decisionToCards(decision.right, { hook: "order-select", hookInstance: request.right.hookInstance, patient: { reference: `Patient/${request.right.context.patientId}` }, guidelines, context: read.right.context, draftOrders: read.right.selections });
    process.stdout.write(JSON.stringify({ cards }));
    if (validateCdsResponse({ cards }).length > 0) process.exitCode = 1; // never: cards are valid by construction
  }
}
