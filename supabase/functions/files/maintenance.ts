/**
 * The drive's housekeeping, safe to run at any time and from any number of
 * places: expire uploads never completed (their reservation is released),
 * purge the trash past its retention, delete the bytes of objects the SQL
 * queued as garbage, sweep objects no row references (a crash between
 * writing bytes and recording them), and read again the text of files SQL
 * could not carry it to (a restored version indexed before texts were kept).
 * On hosted Supabase pg_cron + pg_net call POST /functions/v1/files/maintenance
 * with the service-role key; locally the gateway sends the same request on a
 * timer (gateway/jobs.ts).
 * Every step runs as its caller through the one caller path, and the SQL
 * grants make the steps the service role's alone: anyone else gets 403 at
 * the first one, before anything changes.
 */
import { asCaller, type Caller, SERVICE } from "../_shared/db.ts";
import { loadStorage, storage } from "../_shared/storage/index.ts";
import { deleteCollected } from "./store.ts";
import { indexContent } from "./content-index.ts";

/** Objects younger than this are never swept: their upload row may not be committed yet. */
const SWEEP_GRACE_MS = 15 * 60 * 1000;
/** Temporary files of the fs driver older than this are leftovers of a crash. */
const TMP_GRACE_MS = 6 * 3600 * 1000;

export interface MaintenanceReport {
  expiredUploads: number;
  purgedFromTrash: number;
  deletedObjects: number;
  /** Unreferenced objects past the grace found by the sweep (orphans). */
  orphansFound: number;
  /** Of those, how many were deleted (a failed delete is logged and left for the next run). */
  sweptObjects: number;
  expiredTus: number;
  reindexedFiles: number;
  /** True when a backup held collection off, so no bytes were deleted this run. */
  collectionPaused: boolean;
}

/** The caller acting on a file owner's behalf: the same role, with the owner as `sub` (index_version_content checks it). */
function onBehalfOf(caller: Caller, owner: string): Caller {
  return { userId: owner, role: caller.role, claims: { ...caller.claims, sub: owner } };
}

/** Indexes the files queued in app.content_reindex from their bytes, for their owners; answers how many were tried. */
export async function reindexQueuedContent(caller: Caller, req: Request | null, limit = 100): Promise<number> {
  const rows = await asCaller(caller, req, (tx) => tx`
    select f.id, f.owner_id, f.current_version_id, v.mime_type, v.size, v.object_key
    from app.content_reindex q
    join app.files f on f.id = q.file_id
    join app.file_versions v on v.id = f.current_version_id
    order by q.queued_at
    limit ${limit}`);
  for (const r of rows) {
    const file = { id: r.id, current_version_id: r.current_version_id, mime_type: r.mime_type, size: Number(r.size) };
    // Success takes the file off the queue in SQL; a failure (logged) is not retried forever.
    if (!(await indexContent(onBehalfOf(caller, r.owner_id), null, file, r.object_key))) {
      await asCaller(caller, req, (tx) => tx`delete from app.content_reindex where file_id = ${r.id}`);
    }
  }
  return rows.length;
}

/**
 * Runs every housekeeping step once as `caller` (the service role: the SQL
 * grants refuse anyone else at the first step); `graceMs` 0 sweeps every
 * unreferenced object (tests, after a crash).
 */
export async function runFilesMaintenance(
  caller: Caller = SERVICE,
  req: Request | null = null,
  options: { graceMs?: number } = {},
): Promise<MaintenanceReport> {
  await loadStorage();
  const { expired, purged } = await asCaller(caller, req, async (tx) => {
    const [row] = await tx`select app.expire_uploads() as expired, app.purge_expired_trash() as purged`;
    return row;
  });
  const expiredTus = await import("./tus.ts").then((tus) => tus.deleteExpiredTus()).catch(() => 0);
  const reindexedFiles = await reindexQueuedContent(caller, req);

  // A backup copying objects holds collection off (20261203900000_backup_holds.sql):
  // the bytes its snapshot references must still be there when it reads them.
  const [{ paused }] = await asCaller(caller, req, (tx) => tx`select app.collection_paused() as paused`);
  if (paused) {
    return await recorded(caller, req, {
      expiredUploads: Number(expired),
      purgedFromTrash: Number(purged),
      deletedObjects: 0,
      orphansFound: 0,
      sweptObjects: 0,
      expiredTus,
      reindexedFiles,
      collectionPaused: true,
    });
  }

  let deletedObjects = 0;
  for (;;) {
    // Past the backup retention only: a database backup from within it may still reference the bytes.
    const rows = await asCaller(caller, req, (tx) => tx`
      select object_key from app.storage_garbage where keep_until <= now() order by enqueued_at limit 500`);
    if (!rows.length) break;
    await deleteCollected(rows.map((r) => r.object_key as string));
    deletedObjects += rows.length;
    if (rows.length < 500) break;
  }

  let orphansFound = 0;
  let sweptObjects = 0;
  const grace = options.graceMs ?? SWEEP_GRACE_MS;
  const driver = storage();
  // Asked 500 at a time: one transaction as the caller per batch, not per object.
  const sweep = async (keys: string[]) => {
    const rows = await asCaller(caller, req, (tx) => tx`
      select key from unnest(${keys}::text[]) as key
      where not app.object_is_referenced(key)
        -- Queued ones are the queue's, kept for the backup retention: not orphans.
        and not exists (select from app.storage_garbage g where g.object_key = key)`);
    orphansFound += rows.length;
    for (const { key } of rows) {
      try {
        await driver.delete(key);
        sweptObjects++;
      } catch (err) {
        // One object that cannot be deleted (permissions, S3 briefly away) must not stop the sweep.
        console.error(`files maintenance: could not delete orphan ${key}: ${(err as Error).message}`);
      }
    }
  };
  let batch: string[] = [];
  for await (const object of driver.list()) {
    if (Date.now() - object.modifiedAt.getTime() < grace) continue;
    batch.push(object.key);
    if (batch.length === 500) {
      await sweep(batch);
      batch = [];
    }
  }
  if (batch.length) await sweep(batch);
  if ("sweepTmp" in driver && typeof driver.sweepTmp === "function") {
    // A temporary file may belong to a write still streaming: only old ones are leftovers of a crash.
    await (driver.sweepTmp as (ms: number) => Promise<number>)(Math.max(grace, TMP_GRACE_MS));
  }
  return await recorded(caller, req, {
    expiredUploads: Number(expired),
    purgedFromTrash: Number(purged),
    deletedObjects,
    orphansFound,
    sweptObjects,
    expiredTus,
    reindexedFiles,
    collectionPaused: false,
  });
}

/** Keeps the run's figures in app.maintenance_runs (the admin Storage page reads them) and answers the report. */
async function recorded(caller: Caller, req: Request | null, report: MaintenanceReport): Promise<MaintenanceReport> {
  await asCaller(caller, req, (tx) => tx`
    select app.record_maintenance_run(${report.expiredUploads}, ${report.purgedFromTrash}, ${report.deletedObjects},
      ${report.orphansFound}, ${report.sweptObjects}, ${report.collectionPaused})`);
  return report;
}
