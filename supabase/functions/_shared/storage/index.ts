/** Picks the storage driver once, from configuration. */
import { config } from "../config.ts";
import type { StorageDriver } from "./driver.ts";
import { createFsDriver } from "./fs.ts";
import { createS3Driver } from "./s3.ts";

let driver: StorageDriver | null = null;

/** The configured driver (fs by default). */
export function storage(): StorageDriver {
  if (!driver) {
    const c = config().storage;
    driver = c.driver === "fs" ? createFsDriver(c.root) : createS3Driver(c.s3);
  }
  return driver;
}

/** Replaces the driver (tests). */
export function setStorage(next: StorageDriver | null): void {
  driver = next;
}
