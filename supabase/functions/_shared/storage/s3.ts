/** The S3 driver (placeholder until implemented). */
import type { S3Config } from "../config.ts";
import type { StorageDriver } from "./driver.ts";

/** Creates an S3 driver. */
export function createS3Driver(_config: S3Config): StorageDriver {
  throw new Error("the s3 storage driver is not available yet");
}
