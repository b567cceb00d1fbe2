// The password rule the accounts API enforces, checked early for a kinder form.

/** Why a password would be refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'Use at least 8 characters.';
  if (new TextEncoder().encode(password).length > 72) return 'Use at most 72 bytes (fewer characters).';
  return null;
}
