/* The browser's time zone as the default for dates (accounts/middleware.py reads the `tz` cookie).
   Runs only while no zone is saved in the profile, and writes the cookie only when there is none yet, so a
   zone chosen on the time-zone page stays chosen. Pages from the next one on are in the reader's zone; the
   first, like every page without JavaScript, is in the language's default zone — and the footer names it.
   (No reload: it would race with whatever the reader is already doing on the page.) */
(function () {
  var html = document.documentElement;
  if (html.getAttribute("data-time-zone-from") === "profile") return;
  if (/(?:^|;\s*)tz=/.test(document.cookie)) return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  // IANA names only ("America/New_York"): they need no quoting in a cookie, and the server checks them again.
  if (!zone || zone.length > 64 || !/^[A-Za-z0-9_+\-\/]+$/.test(zone)) return;
  var secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax" + secure;
})();
