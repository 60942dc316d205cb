// Sensei landing page: the code tabs and the waitlist form. Plain JS, no dependencies, loaded with `defer`.
// Without it the page still reads: every code panel is shown and the form explains that it needs JavaScript.
(function () {
  'use strict';

  // ------------------------------------------------------------------ tabs (WAI-ARIA tabs, automatic activation)
  document.querySelectorAll('[data-tabs]').forEach(function (root) {
    var list = root.querySelector('[role="tablist"]');
    var tabs = Array.prototype.slice.call(root.querySelectorAll('[role="tab"]'));
    if (!list || !tabs.length) return;
    function select(tab, focus) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute('aria-selected', on ? 'true' : 'false');
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
      });
      if (focus) tab.focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener('click', function () {
        select(tab, false);
      });
      tab.addEventListener('keydown', function (e) {
        var next = null;
        if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
        else if (e.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
        else if (e.key === 'Home') next = tabs[0];
        else if (e.key === 'End') next = tabs[tabs.length - 1];
        if (next) {
          e.preventDefault();
          select(next, true);
        }
      });
    });
    list.hidden = false;
    select(tabs[0], false);
  });

  // ------------------------------------------------------------------ waitlist form
  var form = document.getElementById('waitlist-form');
  if (!form) return;
  var meta = document.querySelector('meta[name="sensei-api"]');
  var apiBase = ((meta && meta.content) || '').replace(/\/+$/, '');
  var ENDPOINT = apiBase + '/api/v1/waitlist';
  var FIELDS = ['email', 'name', 'company'];
  var UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];
  var status = document.getElementById('form-status');
  var button = document.getElementById('waitlist-submit');
  var buttonText = button.textContent;
  var countdown = null;
  button.disabled = false;
  // the browser's own check is stricter than this in places and looser in others; the server has the last word
  var EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

  function fieldError(name, message) {
    var input = form.elements[name];
    var out = document.getElementById(name + '-error');
    if (!input || !out) return false;
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      out.textContent = message;
      out.hidden = false;
    } else {
      input.removeAttribute('aria-invalid');
      out.textContent = '';
      out.hidden = true;
    }
    return true;
  }
  function say(message, kind) {
    status.textContent = message;
    status.className = 'form-status' + (kind ? ' is-' + kind : '');
  }
  function clearErrors() {
    FIELDS.forEach(function (f) {
      fieldError(f, null);
    });
    say('', null);
  }
  function busy(on) {
    button.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    button.textContent = on ? 'Joining…' : buttonText;
  }
  function validate() {
    var email = form.elements.email.value.trim();
    if (!email) return { email: 'Enter your email address.' };
    if (email.length > 254 || !EMAIL.test(email)) return { email: 'Enter an email address like name@company.com.' };
    return null;
  }
  function payload() {
    var body = { email: form.elements.email.value.trim(), source: 'landing' };
    ['name', 'company'].forEach(function (f) {
      var v = form.elements[f].value.trim();
      if (v) body[f] = v;
    });
    var params = new URLSearchParams(window.location.search);
    UTM.forEach(function (k) {
      var v = params.get(k);
      if (v) body[k] = v.slice(0, 200);
    });
    if (document.referrer) body.referrer = document.referrer.slice(0, 500);
    var trap = form.elements.website.value;
    if (trap) body.website = trap;
    return body;
  }
  // Retry-After is seconds or an HTTP date (RFC 9110 10.2.3)
  function retryAfterSeconds(header) {
    if (!header) return null;
    var n = Number(header);
    if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
    var at = Date.parse(header);
    return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - Date.now()) / 1000));
  }
  function waitThenRetry(seconds) {
    var left = seconds;
    button.disabled = true;
    function tick() {
      if (left <= 0) {
        clearInterval(countdown);
        countdown = null;
        button.disabled = false;
        say('You can try again now.', null);
        return;
      }
      say('Too many attempts. Try again in ' + left + ' s.', 'error');
      left -= 1;
    }
    tick();
    countdown = setInterval(tick, 1000);
  }

  form.addEventListener('input', function (e) {
    // an edited field's old server reason no longer applies
    if (e.target && e.target.getAttribute('aria-invalid') === 'true') fieldError(e.target.name, null);
  });

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (countdown) return;
    clearErrors();
    var invalid = validate();
    if (invalid) {
      Object.keys(invalid).forEach(function (f) {
        fieldError(f, invalid[f]);
      });
      form.elements[Object.keys(invalid)[0]].focus();
      return;
    }
    busy(true);
    var ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = ctrl ? setTimeout(function () { ctrl.abort(); }, 15000) : null;
    fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(payload()),
      credentials: 'omit',
      signal: ctrl ? ctrl.signal : undefined,
    })
      .then(function (res) {
        return res.text().then(function (text) {
          var body = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch (ignored) {
            body = null;
          }
          return { res: res, body: body };
        });
      })
      .then(function (r) {
        busy(false);
        var res = r.res;
        var body = r.body || {};
        if (res.status === 202 || res.status === 200) {
          form.reset();
          say(body.message || 'Check your inbox: we sent you a link to confirm your address.', 'success');
          status.setAttribute('tabindex', '-1');
          status.focus();
          return;
        }
        if (res.status === 429) {
          var s = retryAfterSeconds(res.headers.get('Retry-After'));
          if (s) waitThenRetry(s);
          else say('Too many attempts. Wait a minute, then try again.', 'error');
          return;
        }
        if (res.status === 400 || res.status === 422) {
          var first = null;
          var other = [];
          (body.details || []).forEach(function (d) {
            if (fieldError(d.field, d.reason)) {
              if (!first) first = d.field;
            } else {
              other.push((d.field ? d.field + ': ' : '') + d.reason);
            }
          });
          if (first) {
            say(other.length ? other.join('; ') : 'Check the highlighted field.', 'error');
            form.elements[first].focus();
          } else {
            say(other.length ? other.join('; ') : body.message || 'The form could not be sent as it is.', 'error');
          }
          return;
        }
        say(
          (body.message ? body.message + ' ' : 'Something went wrong on our side (HTTP ' + res.status + '). ') +
            'Please try again in a moment.',
          'error',
        );
      })
      .catch(function () {
        busy(false);
        say('Could not reach the server. Check your connection and try again.', 'error');
      })
      .then(function () {
        if (timer) clearTimeout(timer);
      });
  });
})();
