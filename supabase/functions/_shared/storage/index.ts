/** Picks the storage driver once, from configuration. */
import { config } from "../config.ts";
import type { StorageDriver } from "./driver.ts";
import { createFsDriver } from "./fs.ts";

let driver: StorageDriver | null = null;

let s3Module: typeof import("./s3.ts") | null = null;

/** Loads the S3 SDK only when configured (it is large); call once at start before `storage()`. */
export async function loadStorage(): Promise<StorageDriver> {
  if (config().storage.driver === "s3") s3Module ??= await import("./s3.ts");
  return storage();
}

/** The configured driver (fs by default). */
export function storage(): StorageDriver {
  if (!driver) {
    const c = config().storage;
    if (c.driver === "fs") driver = createFsDriver(c.root);
    else if (s3Module) driver = s3Module.createS3Driver(c.s3);
    else throw new Error("the s3 driver is not loaded: await loadStorage() first");
  }
  return driver;
}

/** Replaces the driver (tests). */
export function setStorage(next: StorageDriver | null): void {
  driver = next;
}
