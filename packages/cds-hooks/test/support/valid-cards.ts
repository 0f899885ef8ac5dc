/** Every card a test produces goes through the response checker: a test that makes cards calls this on them. */
import { expect } from "vitest";
import { validateCdsResponse } from "../../src/index.js";

/** Fails the test when the response breaks a rule of the specification or of the draft logical model; returns the cards. */
export function expectValidResponse<T extends { readonly cards: readonly unknown[] }>(response: T): T {
  expect(validateCdsResponse(JSON.parse(JSON.stringify(response)) as unknown)).toEqual([]);
  return response;
}
