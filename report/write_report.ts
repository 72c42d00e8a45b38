import * as fs from "fs";
import { BaselineProfileError, loadBaselineProfile } from "../transforms/baseline/baseline_profile";
import { buildReportData, type ReportData } from "./report_data";
import { chartLibrarySource, renderReportHtml } from "./report_html";
import { readMonitorResults } from "./result_records";

/** A report that could not be written; the message says which input and why. Not worth retrying. */
export class ReportError extends Error {
  readonly retriable = false;
  constructor(message: string) {
    super(message);
    this.name = "ReportError";
  }
}

export interface ReportRequest {
  /** Result folders (a file sink's `dir`) or JSON-lines files of result records. */
  inputs: string[];
  baselineFile?: string;
  outFile: string;
}

/** Reads the results (and baseline), writes the HTML report, and returns what it drew. */
export function writeReport(request: ReportRequest): ReportData {
  let data: ReportData;
  try {
    const baseline = request.baselineFile ? loadBaselineProfile(request.baselineFile) : undefined;
    data = buildReportData(readMonitorResults(request.inputs), baseline);
  } catch (error) {
    if (error instanceof BaselineProfileError) throw new ReportError(error.message);
    throw new ReportError(`cannot build the report: ${(error as Error).message}`);
  }
  fs.writeFileSync(request.outFile, renderReportHtml(data, chartLibrarySource()));
  return data;
}
