/* The browser's time zone as the default for dates (accounts/middleware.py reads the `tz` cookie).
   Runs only while no zone is saved in the profile, and writes the cookie only when there is none yet, so a
   zone chosen on the time-zone page stays chosen. Pages from the next one on are drawn in the reader's zone by
   the server. The first one was drawn in the language's default zone (UTC on the English site): this script
   redraws its dates marked `data-local` ("date" or "datetime", from their ISO `datetime`) and the zone names
   marked `data-time-zone-name` in the browser's zone, so no page shows UTC to a reader who is elsewhere.
   Without JavaScript the page stays in the default zone, and says which. (No reload: it would race with
   whatever the reader is already doing on the page.) */
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
  if (zone === html.getAttribute("data-time-zone")) return;

  function redraw() {
    var lang = html.getAttribute("lang") || "en";
    var day = { year: "numeric", month: "long", day: "numeric", timeZone: zone };
    var time = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone };
    var dates, times;
    try { dates = new Intl.DateTimeFormat(lang, day); times = new Intl.DateTimeFormat(lang, time); }
    catch (e) { return; }
    document.querySelectorAll("time[data-local][datetime]").forEach(function (el) {
      var moment = new Date(el.getAttribute("datetime"));
      if (isNaN(moment.getTime())) return;
      var text = dates.format(moment);
      if (el.getAttribute("data-local") === "datetime") text += " " + times.format(moment);
      el.textContent = text;
    });
    document.querySelectorAll("[data-time-zone-name]").forEach(function (el) { el.textContent = zone; });
    html.setAttribute("data-time-zone", zone);
    html.setAttribute("data-time-zone-from", "browser");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", redraw);
  else redraw();
})();
