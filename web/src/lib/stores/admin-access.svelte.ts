// The signed-in user's permissions (api.my_permissions), for showing only the
// admin tabs they may use. Hiding is a courtesy: SQL refuses the rest anyway.
import { myPermissions } from '$lib/api/admin';
import { visibleTabs, type AdminTab } from '$lib/utils/admin-access';

class AdminAccess {
  permissions = $state<string[]>([]);
  readonly tabs: AdminTab[] = $derived(visibleTabs(this.permissions));

  /** Reads the permissions again (a role granted or taken away shows at the next page). */
  async refresh(): Promise<void> {
    this.permissions = await myPermissions();
  }

  has(permission: string): boolean {
    return this.permissions.includes(permission);
  }
}

export const adminAccess = new AdminAccess();
