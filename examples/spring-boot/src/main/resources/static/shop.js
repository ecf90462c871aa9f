// The page's own script (same origin, so the gate leaves it alone).
(function () {
  var out = function (text) { document.getElementById('out').textContent = text; };

  // The chat button carries data-cookie-gate-activate: gate.js POSTs the activation, restores the
  // vendor's widget without a reload and fires this event; then the app opens the conversation.
  document.addEventListener('cookie-gate:activated', function () {
    fetch('/chat/start', { method: 'POST' }).then(function (r) { return r.text(); }).then(out);
  });

  document.addEventListener('DOMContentLoaded', function () {
    document.getElementById('end').addEventListener('click', function () {
      var vendor = window.FakeChat ? window.FakeChat.shutdown() : Promise.resolve();
      vendor.catch(function () {}).then(function () {
        return fetch('/chat/end', { method: 'POST' });
      }).then(function (r) { return r.text(); }).then(function (text) {
        window.cookieGate.end();
        out(text);
      });
    });

    // A minimal consent banner on the filter's consent endpoint: ask once, refusal included.
    fetch('/cookie-gate/consent').then(function (r) { return r.json(); }).then(function (state) {
      if (state.choiceMade) return;
      var banner = document.getElementById('banner');
      banner.hidden = false;
      banner.addEventListener('click', function (e) {
        var words = e.target.dataset && e.target.dataset.categories;
        if (words === undefined) return;
        var categories = words.split(' ').filter(Boolean);
        fetch('/cookie-gate/consent', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ categories: categories }) }).then(function (r) {
          if (r.status !== 204) return;
          banner.hidden = true;
          window.cookieGate.allow(categories); // the analytics tag loads now, without a reload
          out('consent stored: ' + (categories.join(' ') || 'none'));
        });
      });
    });
  });
})();
