import { describe, expect, it } from 'vitest';
import { ADMIN_TABS, tabOf, visibleTabs } from './admin-access';

describe('admin tabs', () => {
  it('shows only the tabs whose permission is held, in order', () => {
    expect(visibleTabs(['logs.read', 'users.read', 'files.write']).map((t) => t.label)).toEqual(['Users', 'Activity']);
  });

  it('shows nothing to an editor', () => {
    expect(visibleTabs(['files.write'])).toEqual([]);
  });

  it('shows every tab to someone holding every permission', () => {
    expect(visibleTabs(ADMIN_TABS.map((t) => t.permission))).toHaveLength(7);
  });

  it('finds the tab of a nested address but not of a look-alike', () => {
    expect(tabOf('/admin/users/0b7e')?.label).toBe('Users');
    expect(tabOf('/admin/users')?.permission).toBe('users.read');
    expect(tabOf('/admin/usersx')).toBeNull();
    expect(tabOf('/admin')).toBeNull();
  });
});
