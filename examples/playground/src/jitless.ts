/**
 * Imported first by the page and the worker: zod would otherwise test whether it may compile
 * validators with `new Function`, which the page's Content Security Policy forbids.
 */
import * as z from "zod";

z.config({ jitless: true });
