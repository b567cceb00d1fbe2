// The owner's side of sharing: links (rpc/create_share_link and friends,
// view share_links), people (rpc/share_with, views shares and
// share_invitations), and what others shared with me (view shared_with_me).
import { supabase } from './client';
import { unwrap } from './errors';
import type { Database } from './database.types';
import type { LinkType, SharingPolicy } from '$lib/utils/share-policy';

type Views = Database['api']['Views'];
export type ShareLinkRow = Views['share_links']['Row'];
export type ShareRow = Views['shares']['Row'];
export type InvitationRow = Views['share_invitations']['Row'];
export type SharedWithMeRow = Views['shared_with_me']['Row'];

/** The item a share is of. */
export interface Shared {
  kind: 'file' | 'folder';
  id: string;
}
const itemArg = (item: Shared) => (item.kind === 'file' ? { file_id: item.id } : { folder_id: item.id });
const itemColumn = (item: Shared) => (item.kind === 'file' ? 'file_id' : 'folder_id');

export async function sharingPolicy(): Promise<SharingPolicy> {
  return unwrap(await supabase.rpc('sharing_policy')) as unknown as SharingPolicy;
}

/** Every link on one item, newest first (revoked ones too: the owner sees what was). */
export async function listLinks(item: Shared): Promise<ShareLinkRow[]> {
  return unwrap(await supabase.from('share_links').select('*').eq(itemColumn(item), item.id).order('created_at', { ascending: false })) ?? [];
}

/** A new link; its `token` and `url` are answered this once. */
export async function createLink(
  item: Shared,
  options: { type: LinkType; expires_at: string; password?: string; max_downloads?: number | null; label?: string; note?: string },
): Promise<ShareLinkRow & { token: string; url: string }> {
  const args = {
    ...itemArg(item),
    type: options.type,
    expires_at: options.expires_at,
    ...(options.password ? { password: options.password } : {}),
    ...(options.max_downloads ? { max_downloads: options.max_downloads } : {}),
    ...(options.label ? { label: options.label } : {}),
    ...(options.note ? { note: options.note } : {}),
  };
  return unwrap(await supabase.rpc('create_share_link', args)) as unknown as ShareLinkRow & { token: string; url: string };
}

/** Changes a live link: an absent option stays, password '' removes it, max_downloads 0 lifts the limit. */
export async function updateLink(
  id: string,
  changes: { expires_at?: string; password?: string; max_downloads?: number; label?: string; note?: string },
): Promise<ShareLinkRow> {
  return unwrap(await supabase.rpc('update_share_link', { link_id: id, ...changes })) as unknown as ShareLinkRow;
}

export async function revokeLink(id: string): Promise<void> {
  unwrap(await supabase.rpc('revoke_share_link', { link_id: id }));
}

/** Who has access to one item, and the invitations still open for it. */
export async function listPeople(item: Shared): Promise<{ shares: ShareRow[]; invitations: InvitationRow[] }> {
  const [shares, invitations] = await Promise.all([
    supabase.from('shares').select('*').eq(itemColumn(item), item.id).order('created_at'),
    supabase.from('share_invitations').select('*').eq(itemColumn(item), item.id).is('accepted_at', null).is('revoked_at', null).order('created_at'),
  ]);
  return { shares: unwrap(shares) ?? [], invitations: unwrap(invitations) ?? [] };
}

export async function shareWith(item: Shared, email: string, role: 'viewer' | 'editor', expiresAt: string | null): Promise<unknown> {
  return unwrap(await supabase.rpc('share_with', { ...itemArg(item), email, role, ...(expiresAt ? { expires_at: expiresAt } : {}) }));
}

export async function updateShare(id: string, changes: { role?: string; expires_at?: string }): Promise<unknown> {
  return unwrap(await supabase.rpc('update_share', { share_id: id, ...changes }));
}

export async function revokeShare(id: string): Promise<void> {
  unwrap(await supabase.rpc('revoke_share', { share_id: id }));
}

export async function revokeInvitation(id: string): Promise<void> {
  unwrap(await supabase.rpc('revoke_invitation', { invitation_id: id }));
}

/** What others share with me. */
export async function sharedWithMe(): Promise<SharedWithMeRow[]> {
  return unwrap(await supabase.from('shared_with_me').select('*').order('created_at', { ascending: false })) ?? [];
}

/**
 * Whether I may change things in a folder shared with me whose breadcrumbs
 * are `pathIds`: an editor share on it or on a folder above it (as
 * app.editor_folders reaches). A viewer's folder offers no write actions.
 */
export async function editsSharedFolder(pathIds: string[]): Promise<boolean> {
  if (!pathIds.length) return false;
  const rows = unwrap(await supabase.from('shared_with_me').select('id').in('folder_id', pathIds).eq('role', 'editor').limit(1)) ?? [];
  return rows.length > 0;
}

/** Everything I share: people shares and links, newest first. */
export async function sharedByMe(): Promise<{ shares: ShareRow[]; links: ShareLinkRow[] }> {
  const [shares, links] = await Promise.all([
    supabase.from('shares').select('*').order('created_at', { ascending: false }),
    supabase.from('share_links').select('*').is('revoked_at', null).order('created_at', { ascending: false }),
  ]);
  return { shares: unwrap(shares) ?? [], links: unwrap(links) ?? [] };
}
