// Which parts of the admin console a user may see: each tab needs one
// permission (SQL checks the same one again and answers 403 without it).

export interface AdminTab {
  href: string;
  label: string;
  /** The permission from api.my_permissions this tab needs. */
  permission: string;
}

export const ADMIN_TABS: readonly AdminTab[] = [
  { href: '/admin/users', label: 'Users', permission: 'users.read' },
  { href: '/admin/roles', label: 'Roles', permission: 'roles.manage' },
  { href: '/admin/activity', label: 'Activity', permission: 'logs.read' },
  { href: '/admin/links', label: 'Links', permission: 'shares.read_all' },
  { href: '/admin/storage', label: 'Storage', permission: 'files.read_all_metadata' },
  { href: '/admin/payments', label: 'Payments', permission: 'payments.read_all' },
  { href: '/admin/system', label: 'System', permission: 'system.read' },
];

/** The tabs someone holding `permissions` may open, in the console's order. */
export function visibleTabs(permissions: Iterable<string>): AdminTab[] {
  const held = new Set(permissions);
  return ADMIN_TABS.filter((t) => held.has(t.permission));
}

/** The tab an address belongs to (`/admin/users/…` → Users), or null. */
export function tabOf(pathname: string): AdminTab | null {
  return ADMIN_TABS.find((t) => pathname === t.href || pathname.startsWith(t.href + '/')) ?? null;
}
