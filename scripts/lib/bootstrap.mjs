// Brings a migrated database in line with this stack's configuration: the
// authenticator's password and the settings SQL reads (JWT secret, site URL).
// Runs at every start, so changing a variable and restarting takes effect.

/** Writes the stack's secrets and settings into the database. */
export async function bootstrapDatabase(sql, { secrets, config, manageAuthenticator }) {
  if (manageAuthenticator) {
    // `alter role ... password` takes no bind parameters; quote it as a literal.
    const literal = `'${secrets.authenticatorPassword.replaceAll("'", "''")}'`;
    await sql.unsafe(`alter role authenticator with login password ${literal}`);
  }
  const settings = {
    jwt_secret: secrets.jwtSecret,
    jwt_aud: config.jwtAud || 'authenticated',
    site_url: config.siteUrl,
  };
  if (config.bcryptCost) settings.bcrypt_cost = config.bcryptCost;
  if (config.backupRetentionDays) settings['backup.retention_days'] = config.backupRetentionDays;
  for (const [key, value] of Object.entries(settings)) {
    await sql`
      insert into private.settings (key, value) values (${key}, ${value})
      on conflict (key) do update set value = excluded.value, updated_at = now()
      where private.settings.value is distinct from excluded.value`;
  }
  if (config.superadminEmail && config.superadminPassword) {
    // Creates the account when missing (an existing one keeps its password),
    // enables it and makes it a superadmin.
    await sql`select private.ensure_superadmin(${config.superadminEmail}, ${config.superadminPassword})`;
  }
}
