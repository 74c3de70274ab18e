-- The operator's first key was named 'default' like any user's; GANTRY_ADMIN_KEY now replaces the
-- key named 'bootstrap', so the first key of the bootstrap administrator takes that name.
update api_keys set name = 'bootstrap'
where name = 'default'
  and user_id in (select u.id from users u join tenants t on t.id = u.tenant_id
                  where t.operator and u.email = 'admin@gantry.local');
