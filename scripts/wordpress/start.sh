#!/usr/bin/env bash
# scripts/wordpress/start.sh - bring up a throwaway, REAL WordPress (Debian 12 package, 6.1.x) on
# loopback as the export target of the desk's CMS tests (scripts/test.sh runs it; so can you).
# Adapted from the platform notes' reference harness; the project carries its own copy so its
# tests run on a fresh machine. Besides the site, it installs a must-use plugin that registers
# a `credit` meta field on photos, as a newsroom's site would, so the desk's credit meta is tested.  Idempotent: re-running reuses what is already
# there.  All mutable state (MariaDB datadir, uploads, secrets, pids, logs) is under $WP_STATE_DIR;
# the only file written outside it is /etc/wordpress/config-$WP_HOSTNAME.php (Debian's lookup).
# Fresh site: stop-wordpress.sh --purge, then run this again.
set -euo pipefail

WP_HOSTNAME="${WP_HOSTNAME:-127.0.0.1}"
WP_PORT="${WP_PORT:-8089}"
WP_STATE_DIR="${WP_STATE_DIR:-/tmp/newsroom-test-wordpress/state}"
WP_ADMIN_USER="${WP_ADMIN_USER:-admin}"
WP_ADMIN_EMAIL="${WP_ADMIN_EMAIL:-admin@example.test}"
WP_APP_NAME="${WP_APP_NAME:-newsroom-integration-tests}"
WP_SITE_TITLE="${WP_SITE_TITLE:-Newsroom Test Site}"
PKGS="wordpress wordpress-theme-twentytwentythree mariadb-server php-cli php-mysql php-mbstring php-xml php-curl"

S="$WP_STATE_DIR"
BASE_URL="http://${WP_HOSTNAME}:${WP_PORT}"
WP_CONF="/etc/wordpress/config-${WP_HOSTNAME}.php"
SOCK="$S/run/mysqld.sock"
T0=$(date +%s.%N)
log() { printf '[wordpress +%6.2fs] %s\n' "$(echo "$(date +%s.%N) - $T0" | bc)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
pid_ok() { # pidfile cmdline-substring -> true if that pid is alive AND is the process we started
  local pid; pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2"
}
[ "$(id -u)" = 0 ] || die "run as root (apt-get, mariadbd --user=mysql)"
case "$WP_HOSTNAME" in 127.*|localhost) ;; *) die "WP_HOSTNAME must be a loopback name/address";; esac

mkdir -p "$S/run" "$S/log" "$S/uploads"
chmod 755 "$S"
exec 9>"$S/.lock"; flock -w 120 9 || die "another start.sh holds $S/.lock"

# 1. packages --------------------------------------------------------------------------------
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing="$missing $p"
done
if [ -n "$missing" ]; then
  log "apt-get install:$missing"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  if ! apt-get install -y --no-install-recommends $missing >"$S/log/apt.log" 2>&1; then
    log "install failed, running apt-get update and retrying"
    apt-get update >>"$S/log/apt.log" 2>&1 || true
    apt-get install -y --no-install-recommends $missing >>"$S/log/apt.log" 2>&1 || die "apt-get failed, see $S/log/apt.log"
  fi
  log "packages installed"
else
  log "packages already installed"
fi

# 2. secrets (generated once, kept in the state dir) -----------------------------------------
if [ ! -s "$S/secrets.env" ]; then
  ( umask 077
    { echo "DB_PASSWORD=$(openssl rand -hex 16)"
      echo "ADMIN_PASSWORD=$(openssl rand -hex 12)"
      for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
        echo "$k=$(openssl rand -hex 32)"; done; } >"$S/secrets.env" )
fi
# shellcheck disable=SC1091
. "$S/secrets.env"

# 3. private MariaDB instance: unix socket only (--skip-networking), datadir in $S -----------
chown mysql:mysql "$S/run"
db_up() { mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1; }
if [ ! -d "$S/mysql/mysql" ]; then
  log "initialising MariaDB datadir $S/mysql"
  rm -rf "$S/mysql"
  mariadb-install-db --no-defaults --user=mysql --datadir="$S/mysql" --auth-root-authentication-method=socket \
    --skip-test-db >"$S/log/mariadb-install-db.log" 2>&1 || die "mariadb-install-db failed, see $S/log/mariadb-install-db.log"
fi
if db_up; then
  log "MariaDB already running (pid $(cat "$S/mysqld.pid" 2>/dev/null || echo '?'))"
else
  pid_ok "$S/mysqld.pid" "--datadir=$S/mysql" && die "mariadbd $(cat "$S/mysqld.pid") is alive but not answering on $SOCK"
  touch "$S/log/mariadb.err"; chown mysql:mysql "$S/log/mariadb.err"
  setsid /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$S/mysql" --socket="$SOCK" \
    --pid-file="$S/run/mysqld.pid" --skip-networking --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci --log-error="$S/log/mariadb.err" </dev/null >/dev/null 2>&1 9>&- &
  echo $! >"$S/mysqld.pid"
  for _ in $(seq 300); do
    db_up && break
    kill -0 "$(cat "$S/mysqld.pid")" 2>/dev/null || die "mariadbd exited, see $S/log/mariadb.err"
    sleep 0.1
  done
  db_up || die "MariaDB not answering after 30 s"
  log "MariaDB started (pid $(cat "$S/mysqld.pid"), socket $SOCK)"
fi
mariadb --no-defaults --socket="$SOCK" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'wordpress'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
ALTER USER 'wordpress'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';
SQL

# 4. Debian host config: /etc/wordpress/config-<Host header minus port>.php ------------------
tmp=$(mktemp "$WP_CONF.XXXXXX")
cat >"$tmp" <<PHP
<?php
// Managed by start.sh (state dir: $S). Rewritten on every run.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', '$DB_PASSWORD');
define('DB_HOST', 'localhost:$SOCK');
define('DB_CHARSET', 'utf8mb4');
define('WP_HOME', '$BASE_URL');
define('WP_SITEURL', '$BASE_URL');
define('WP_ENVIRONMENT_TYPE', 'local');   // Application Passwords are refused over plain http otherwise
define('DISABLE_WP_CRON', true);          // no loopback cron spawns
define('WP_HTTP_BLOCK_EXTERNAL', true);   // no internet here: fail fast instead of timing out
define('AUTOMATIC_UPDATER_DISABLED', true);
define('FS_METHOD', 'direct');
$(for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
    printf "define('%s', '%s');\n" "$k" "${!k}"; done)
PHP
chown root:www-data "$tmp"; chmod 640 "$tmp"
if cmp -s "$tmp" "$WP_CONF"; then rm -f "$tmp"; else mv -f "$tmp" "$WP_CONF"; log "wrote $WP_CONF"; fi

# 5. router for `php -S`: uploads from $S/uploads, other wp-content from Debian's WP_CONTENT_DIR
chown www-data:www-data "$S/uploads"
cat >"$S/router.php" <<PHP
<?php
\$path = rawurldecode(parse_url(\$_SERVER['REQUEST_URI'], PHP_URL_PATH));
if (strncmp(\$path, '/wp-content/', 12) === 0) {
    \$f = strncmp(\$path, '/wp-content/uploads/', 20) === 0
        ? realpath('$S/uploads/' . substr(\$path, 20)) : realpath('/var/lib/wordpress' . \$path);
    \$ok = \$f !== false && is_file(\$f) && !preg_match('/\.ph(p|ar|tml)\d?\$/i', \$f) && (
        strpos(\$f, '$S/uploads/') === 0 || strpos(\$f, '/var/lib/wordpress/wp-content/') === 0
        || strpos(\$f, '/usr/share/wordpress/wp-content/') === 0);
    if (!\$ok) { http_response_code(404); echo "Not Found\n"; return true; }
    \$t = ['jpg'=>'image/jpeg','jpeg'=>'image/jpeg','png'=>'image/png','gif'=>'image/gif','webp'=>'image/webp',
          'css'=>'text/css','js'=>'text/javascript','svg'=>'image/svg+xml','json'=>'application/json',
          'woff2'=>'font/woff2','woff'=>'font/woff'];
    \$e = strtolower(pathinfo(\$f, PATHINFO_EXTENSION));
    header('Content-Type: ' . (\$t[\$e] ?? (mime_content_type(\$f) ?: 'application/octet-stream')));
    header('Content-Length: ' . filesize(\$f));
    readfile(\$f);
    return true;
}
if (\$path !== '/' && file_exists(\$_SERVER['DOCUMENT_ROOT'] . \$path)) {
    return false;                       // real file/dir in /usr/share/wordpress: php -S serves it
}
\$_SERVER['SCRIPT_NAME'] = \$_SERVER['PHP_SELF'] = '/index.php';   // pretty permalinks, /wp-json/
\$_SERVER['SCRIPT_FILENAME'] = \$_SERVER['DOCUMENT_ROOT'] . '/index.php';
chdir(\$_SERVER['DOCUMENT_ROOT']);
require \$_SERVER['DOCUMENT_ROOT'] . '/index.php';
PHP

# 5b. a must-use plugin: photos get a `credit` meta field in the REST API -----------------------
MU_DIR=/var/lib/wordpress/wp-content/mu-plugins
mkdir -p "$MU_DIR"
cat >"$MU_DIR/newsroom-credit.php" <<'PHP'
<?php
// Installed by the Newsroom desk's test harness: a photo's credit line as REST-visible meta.
add_action('init', function () {
    register_post_meta('attachment', 'credit', array(
        'type' => 'string', 'single' => true, 'show_in_rest' => true,
        'auth_callback' => function () { return current_user_can('upload_files'); },
    ));
});
PHP
chmod 644 "$MU_DIR/newsroom-credit.php"

# 6. WordPress install + admin + options + application password, via PHP CLI (no wp-cli) -----
cat >"$S/wp-setup.php" <<'PHP'
<?php
$_SERVER['HTTP_HOST'] = getenv('WPS_HTTP_HOST');          // Debian's wp-config.php picks the config by Host
$_SERVER['SERVER_NAME'] = getenv('WPS_HOSTNAME');
$_SERVER['SERVER_PORT'] = getenv('WPS_PORT');
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_INSTALLING', true);                            // as wp-cli does; skips the "not installed" redirect
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
add_filter('pre_wp_mail', '__return_false');              // no MTA: skip the "new site" e-mail
add_filter('pre_http_request', function () { return new WP_Error('setup_offline', 'no HTTP during setup'); });
$user = getenv('WPS_ADMIN_USER'); $pass = getenv('WPS_ADMIN_PASSWORD');
if (!is_blog_installed()) {
    $r = wp_install(getenv('WPS_TITLE'), $user, getenv('WPS_ADMIN_EMAIL'), false, '', wp_slash($pass));
    echo "SITE=installed\n";
} else {
    echo "SITE=existing\n";
}
$u = get_user_by('login', $user);
if (!$u) {
    $id = wp_create_user($user, $pass, getenv('WPS_ADMIN_EMAIL'));
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
    $u = new WP_User($id); $u->set_role('administrator');
} elseif (!wp_check_password($pass, $u->user_pass, $u->ID)) {
    wp_set_password($pass, $u->ID);
}
update_option('upload_path', getenv('WPS_UPLOADS'));
update_option('upload_url_path', getenv('WPS_BASE_URL') . '/wp-content/uploads');
update_option('blog_public', 0);
if (get_option('permalink_structure') !== '/%postname%/') {
    $GLOBALS['wp_rewrite']->set_permalink_structure('/%postname%/');
    delete_option('rewrite_rules');                       // regenerated on the next web request
}
$name = getenv('WPS_APP_NAME'); $old = (string) getenv('WPS_APP_PASSWORD_OLD'); $keep = false;
foreach (WP_Application_Passwords::get_user_application_passwords($u->ID) as $item) {
    if ($item['name'] !== $name) continue;
    if ($old !== '' && !$keep && wp_check_password($old, $item['password'], $u->ID)) { $keep = true; continue; }
    WP_Application_Passwords::delete_application_password($u->ID, $item['uuid']);
}
if (!$keep) {
    $r = WP_Application_Passwords::create_new_application_password($u->ID, array('name' => $name));
    if (is_wp_error($r)) { fwrite(STDERR, $r->get_error_message() . "\n"); exit(1); }
    $old = $r[0];
}
echo 'APP_PASSWORD_STATE=' . ($keep ? 'reused' : 'created') . "\nAPP_PASSWORD=$old\nUSER_ID={$u->ID}\n";
PHP
OLD_APP_PW=$(cat "$S/app-password" 2>/dev/null || true)
setup_out=$(WPS_HTTP_HOST="$WP_HOSTNAME:$WP_PORT" WPS_HOSTNAME="$WP_HOSTNAME" WPS_PORT="$WP_PORT" \
  WPS_ADMIN_USER="$WP_ADMIN_USER" WPS_ADMIN_PASSWORD="$ADMIN_PASSWORD" WPS_ADMIN_EMAIL="$WP_ADMIN_EMAIL" \
  WPS_TITLE="$WP_SITE_TITLE" WPS_UPLOADS="$S/uploads" WPS_BASE_URL="$BASE_URL" WPS_APP_NAME="$WP_APP_NAME" \
  WPS_APP_PASSWORD_OLD="$OLD_APP_PW" php "$S/wp-setup.php" 2>"$S/log/wp-setup.err") \
  || die "wp-setup.php failed: $(tail -5 "$S/log/wp-setup.err")"
APP_PW=$(sed -n 's/^APP_PASSWORD=\([A-Za-z0-9]*\)$/\1/p' <<<"$setup_out")
[ -n "$APP_PW" ] || die "no application password in setup output"
( umask 077; printf '%s\n' "$APP_PW" >"$S/app-password" )
log "WordPress $(sed -n 's/^SITE=//p' <<<"$setup_out"), application password $(sed -n 's/^APP_PASSWORD_STATE=//p' <<<"$setup_out")"

# 7. PHP built-in web server on loopback, as www-data, 4 workers, in its own session ----------
if pid_ok "$S/php.pid" "$WP_HOSTNAME:$WP_PORT"; then
  log "PHP server already running (pid $(cat "$S/php.pid"))"
else
  if (exec 3<>"/dev/tcp/$WP_HOSTNAME/$WP_PORT") 2>/dev/null; then
    die "$WP_HOSTNAME:$WP_PORT is already in use by a process this script did not start"
  fi
  setsid setpriv --reuid=www-data --regid=www-data --init-groups \
    env PHP_CLI_SERVER_WORKERS=4 php -S "$WP_HOSTNAME:$WP_PORT" -t /usr/share/wordpress "$S/router.php" \
    </dev/null >>"$S/log/php-server.log" 2>&1 9>&- &
  echo $! >"$S/php.pid"
  for _ in $(seq 150); do
    [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$BASE_URL/wp-json/" || true)" = 200 ] && break
    kill -0 "$(cat "$S/php.pid")" 2>/dev/null || die "php -S exited, see $S/log/php-server.log"
    sleep 0.1
  done
  log "PHP server started (pid $(cat "$S/php.pid"))"
fi

# 8. end-to-end check: Basic auth with the application password over REST ---------------------
code=$(curl -s -o "$S/log/users-me.json" -m 10 -w '%{http_code}' -u "$WP_ADMIN_USER:$APP_PW" \
  "$BASE_URL/wp-json/wp/v2/users/me?context=edit" || true)
[ "$code" = 200 ] || die "REST auth check returned HTTP $code: $(head -c 300 "$S/log/users-me.json")"
( umask 077; cat >"$S/credentials.env" <<EOF
WP_BASE_URL=$BASE_URL
WP_REST_URL=$BASE_URL/wp-json/wp/v2
WP_USER=$WP_ADMIN_USER
WP_APP_PASSWORD=$APP_PW
WP_ADMIN_PASSWORD=$ADMIN_PASSWORD
EOF
)
log "ready (REST auth check HTTP $code)"
cat <<EOF
WP_BASE_URL=$BASE_URL
WP_REST_URL=$BASE_URL/wp-json/wp/v2
WP_USER=$WP_ADMIN_USER
WP_APP_PASSWORD=$APP_PW
WP_ADMIN_PASSWORD=$ADMIN_PASSWORD
EOF
