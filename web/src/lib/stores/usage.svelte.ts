// The storage meter's figures, refreshed after anything that changes them.
import { storageUsage } from '$lib/api/storage';
import type { StorageUsage } from '$lib/api/types';

class Usage {
  value = $state<StorageUsage | null>(null);
  async refresh(): Promise<void> {
    try {
      this.value = await storageUsage();
    } catch {
      // the meter is a nicety: keep the last figures
    }
  }
}

export const usage = new Usage();
