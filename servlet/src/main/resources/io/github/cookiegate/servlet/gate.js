/*
 * cookie-gate activation script (Apache-2.0). Served by CookieGateFilter; no dependencies, no
 * inline code or eval (CSP-friendly). A click on an element marked data-cookie-gate-activate POSTs
 * to the activation endpoint; on 204 the elements the server neutralised for the "chat" category
 * are restored in document order, so the chat vendor's widget loads without a page reload.
 * Activation is not consent: elements of other categories stay neutralised.
 */
(function () {
  'use strict';
  var self = document.currentScript;
  var activationPath = (self && self.getAttribute('data-activation-path')) || '/cookie-gate/activate';
  var GATE = 'data-cookie-gate';
  var SAVED = 'data-cookie-gate-';
  var busy = false;

  function move(el, name) {
    var saved = el.getAttribute(SAVED + name);
    if (saved !== null) {
      el.removeAttribute(SAVED + name);
      el.setAttribute(name, saved);
    }
  }

  function restoreScript(el) {
    // A script whose type changes does not run: a fresh element with the original attributes does.
    var script = document.createElement('script');
    for (var i = 0; i < el.attributes.length; i++) {
      var a = el.attributes[i];
      if (a.name === 'type' || a.name === GATE || a.name.indexOf(SAVED) === 0) {
        continue;
      }
      script.setAttribute(a.name, a.value);
    }
    if (self && self.nonce) { script.nonce = self.nonce; } // a nonce-based CSP lets the restored script run
    var type = el.getAttribute(SAVED + 'type');
    if (type !== null) {
      script.setAttribute('type', type);
    }
    var src = el.getAttribute(SAVED + 'src');
    if (src !== null) {
      script.async = false; // restored scripts run in document order
      script.setAttribute('src', src);
    } else {
      script.text = el.text;
    }
    el.parentNode.replaceChild(script, el);
  }

  function restore(category) {
    var nodes = document.querySelectorAll('[' + GATE + '="' + category + '"]');
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      if (el.tagName.toLowerCase() === 'script') {
        restoreScript(el);
      } else {
        move(el, 'src');
        move(el, 'srcset');
        move(el, 'href');
        move(el, 'imagesrcset');
        move(el, 'data');
        el.removeAttribute(GATE);
      }
    }
  }

  function activate() {
    if (busy) {
      return;
    }
    busy = true;
    fetch(activationPath, { method: 'POST', credentials: 'same-origin' })
      .then(function (response) {
        if (response.status !== 204) {
          throw new Error('activation refused with status ' + response.status);
        }
        if (self && self.hasAttribute('data-reload-on-activate')) {
          location.reload(); // the page's Content-Security-Policy left the chat hosts out; a browser never widens it
          return;
        }
        restore('chat');
        document.dispatchEvent(new CustomEvent('cookie-gate:activated'));
      })
      .catch(function (e) {
        busy = false;
        if (window.console) {
          window.console.warn('cookie-gate: ' + e.message);
        }
      });
  }

  function init() {
    var buttons = document.querySelectorAll('[data-cookie-gate-activate]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', activate);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
