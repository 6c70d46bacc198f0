/* Marks today's row in every opening-hours table (clinic time, America/Los_Angeles).
   Progressive enhancement: without this script the full week still shows. */
(function () {
  "use strict";
  var codes = { Mon: "Mo", Tue: "Tu", Wed: "We", Thu: "Th", Fri: "Fr", Sat: "Sa", Sun: "Su" };
  var weekday;
  try {
    weekday = new Intl.DateTimeFormat("en-US", { weekday: "short", timeZone: "America/Los_Angeles" })
      .format(new Date());
  } catch (e) {
    weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][new Date().getDay()];
  }
  var today = codes[weekday];
  var tables = document.querySelectorAll("table.hours");
  for (var i = 0; i < tables.length; i++) {
    var row = tables[i].querySelector('tr[data-day="' + today + '"]');
    if (!row) { continue; }
    row.classList.add("is-today");
    row.setAttribute("aria-current", "date");
    var label = document.createElement("span");
    label.className = "hours__today";
    label.textContent = "(" + tables[i].getAttribute("data-today-label") + ")";
    row.querySelector("th").appendChild(label);
  }
}());
