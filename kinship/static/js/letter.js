// Progressive enhancement of the letter to an MP: copy it and download it
// without it leaving the device. Without this file the page still works:
// the text can be selected and copied, and "Download" posts it to the
// server (which returns it as a file and keeps nothing). There is no email
// link: we do not hold MPs' email addresses, and a link with no recipient
// left carers with an email to nobody; the page says where to find it.
const form = document.querySelector('[data-kinship-letter]')

if (form) {
  const text = form.querySelector('textarea')
  const copy = form.querySelector('[data-kinship-copy]')
  const download = form.querySelector('[data-kinship-download]')
  const status = form.querySelector('[data-kinship-letter-status]')

  const say = (message) => {
    status.textContent = ''
    // A fresh message, so screen readers announce it even when repeated.
    window.setTimeout(() => { status.textContent = message }, 50)
  }

  if (navigator.clipboard) {
    copy.hidden = false
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(text.value)
        say(form.dataset.copied)
      } catch {
        text.select()
        say(form.dataset.copyFailed)
      }
    })
  }

  download.addEventListener('click', (event) => {
    if (!text.value.trim()) {
      return // let the server say what is wrong
    }
    event.preventDefault()
    const link = document.createElement('a')
    link.href = URL.createObjectURL(new Blob([text.value], { type: 'text/plain;charset=utf-8' }))
    link.download = form.dataset.filename
    document.body.appendChild(link)
    link.click()
    link.remove()
    URL.revokeObjectURL(link.href)
  })
}
