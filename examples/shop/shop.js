/*
 * The demo shop's own behaviour: cart, checkout, sign-up, referral and a pretend chat.
 * journeytag records page views, form starts/submits/abandons, chat-launcher clicks and
 * data-journeytag clicks by itself; this file adds only what a site has to say itself:
 * the purchase, who the visitor is, and the referral, and how it reacts to the visitor's phase.
 * Friction the shop produces on purpose, for the map: a missing page (product → gift wrapping),
 * a form with validation (contact, sign-up), a slow product photo, and a wishlist button
 * that does nothing.
 */
;(function () {
  var jt = function () {
    window.journeytag.apply(null, arguments)
  }
  var cart = function () {
    try { return JSON.parse(localStorage.getItem('shop:cart') || '[]') } catch (e) { return [] }
  }
  var PRICES = { morning: 24, 'night-owl': 28, latte: 32 }

  document.addEventListener('click', function (event) {
    var add = event.target.closest('[data-add-to-cart]')
    if (add) {
      var items = cart()
      items.push(add.getAttribute('data-add-to-cart'))
      localStorage.setItem('shop:cart', JSON.stringify(items))
    }
    if (event.target.closest('[data-chat-launcher]')) {
      document.getElementById('chat').hidden = false
      // journeytag counts the launcher click; chatOpened() is how a real chat widget's "opened" callback reports
      // (the same opening within 5 s is counted once). Older SDKs without it still get the click.
      if (typeof window.journeytag.chatOpened === 'function') jt('chatOpened', 'demo')
    }
    if (event.target.closest('[data-chat-close]')) document.getElementById('chat').hidden = true
  })

  function onSubmit(id, handler) {
    var form = document.getElementById(id)
    if (form) form.addEventListener('submit', function (event) {
      event.preventDefault() // a static demo: no server to post to
      handler(form)
      form.hidden = true
      document.getElementById(id + '-done').hidden = false
    })
  }

  onSubmit('checkout', function () {
    var items = cart().length ? cart() : ['morning']
    var value = items.reduce(function (sum, sku) { return sum + (PRICES[sku] || 24) }, 0)
    var orderId = 'A-' + Date.now().toString(36).toUpperCase()
    jt('identify', localStorage.getItem('shop:customer') || 'customer-' + Math.random().toString(36).slice(2, 8))
    jt('purchase', {
      orderId: orderId,
      value: value,
      currency: 'EUR',
      items: items.map(function (sku) { return { id: sku, price: PRICES[sku] || 24, quantity: 1 } }),
    })
    var orders = JSON.parse(localStorage.getItem('shop:orders') || '[]')
    orders.push({ orderId: orderId, value: value })
    localStorage.setItem('shop:orders', JSON.stringify(orders))
    localStorage.removeItem('shop:cart')
    document.getElementById('order-id').textContent = orderId
  })
  onSubmit('signup', function (form) {
    var customer = 'customer-' + Math.random().toString(36).slice(2, 8)
    localStorage.setItem('shop:customer', customer)
    jt('identify', customer)
    jt('track', 'signup', { plan: form.querySelector('select[name=plan]').selectedOptions[0].dataset.plan })
  })
  onSubmit('refer', function () {
    jt('track', 'referral', { via: 'email' })
  })
  onSubmit('contact', function () {})

  var list = document.getElementById('orders')
  if (list) {
    var orders = JSON.parse(localStorage.getItem('shop:orders') || '[]')
    list.innerHTML = orders.length
      ? orders.map(function (o) { return '<li>Order ' + o.orderId + ' — €' + o.value + '</li>' }).join('')
      : '<li>No orders yet.</li>'
  }
  // Reach the right person at the right time: journeytag tells the page the visitor's phase.
  function banner(id, html) {
    var main = document.querySelector('main')
    if (!main || document.getElementById(id)) return
    var p = document.createElement('p')
    p.id = id
    p.className = 'banner offer'
    p.innerHTML = html
    main.insertBefore(p, main.firstChild)
  }
  jt('onPhase', function (change) {
    if (change.phase === 'retention') banner('retention-offer', '☕ Welcome back! 15% off your next mug with code <b>AGAIN15</b>.')
    if (change.phase === 'advocacy') banner('review-prompt', '⭐ Enjoying your mug? <a href="refer.html">Write a short review</a> and tell a friend.')
  })

  var photo = document.getElementById('photo')
  if (photo) window.addEventListener('load', function () { photo.src = photo.getAttribute('data-src') })

  var count = document.getElementById('cart-count')
  if (count) count.textContent = String(cart().length)
})()
