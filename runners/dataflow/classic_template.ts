import * as fs from "fs";
import * as path from "path";
import type { DataflowFlags } from "./dataflow_options";

type Locations = Pick<DataflowFlags, "templateLocation" | "stagingLocation">;

const inCloudStorage = (location: string | undefined): boolean => location?.startsWith("gs://") === true;

/**
 * False only for a classic template written to a local file with local
 * staging: Python's DataflowRunner then calls no Google API, and with
 * `no_auth` looks up no credentials either (without it, their absence starts
 * an interactive OAuth flow). Anything else uploads to Cloud Storage or
 * creates a Dataflow job.
 */
export function needsGoogleCloud(locations: Locations): boolean {
  return (
    locations.templateLocation === undefined ||
    inCloudStorage(locations.templateLocation) ||
    inCloudStorage(locations.stagingLocation)
  );
}

/**
 * A local template's locations as absolute paths, its staging directory
 * created: by default `<template without extension>-staging` beside it, since
 * Beam's default (<temp_location>/staging) would upload to Cloud Storage. The
 * job description names the staged files by these paths, so such a template
 * shows what Dataflow would receive but cannot be launched as it is; a
 * template to launch goes to gs:// with its staging.
 */
export function withLocalTemplateStaging<T extends Locations>(flags: T): T {
  const template = flags.templateLocation;
  if (template === undefined || inCloudStorage(template) || inCloudStorage(flags.stagingLocation))
    return flags;
  const templateFile = path.resolve(template);
  const stagingDir = path.resolve(
    flags.stagingLocation ??
      path.join(
        path.dirname(templateFile),
        `${path.basename(templateFile, path.extname(templateFile))}-staging`,
      ),
  );
  fs.mkdirSync(stagingDir, { recursive: true });
  return { ...flags, templateLocation: templateFile, stagingLocation: stagingDir };
}
