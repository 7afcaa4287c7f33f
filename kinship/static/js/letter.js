// Progressive enhancement of the letter to an MP: copy it, download it and
// open it in an email app without it leaving the device. Without this file
// the page still works: the text can be selected and copied, "Download"
// posts it to the server (which returns it as a file and keeps nothing), and
// the email link holds the letter as first written.
const form = document.querySelector('[data-kinship-letter]')

if (form) {
  const text = form.querySelector('textarea')
  const copy = form.querySelector('[data-kinship-copy]')
  const download = form.querySelector('[data-kinship-download]')
  const mailto = form.querySelector('[data-kinship-mailto]')
  const status = form.querySelector('[data-kinship-letter-status]')
  const subject = form.dataset.subject || ''

  const say = (message) => {
    status.textContent = ''
    // A fresh message, so screen readers announce it even when repeated.
    window.setTimeout(() => { status.textContent = message }, 50)
  }

  const updateMailto = () => {
    mailto.href = 'mailto:?subject=' + encodeURIComponent(subject) +
      '&body=' + encodeURIComponent(text.value)
  }
  text.addEventListener('input', updateMailto)
  updateMailto()

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
