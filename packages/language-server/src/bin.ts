#!/usr/bin/env node
import { startNodeServer } from "./node.js";

startNodeServer();
