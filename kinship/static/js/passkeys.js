// Passkeys and security keys (kinship/accounts/passkeys.py): runs the
// browser's WebAuthn ceremony for a [data-kinship-passkey] button, to add a
// passkey ("add") or to give the second step of signing in ("sign-in").
// The server's JSON views send the options and check the answer. Without
// this file, or in a browser without passkeys, the button stays hidden and
// an authenticator app code does the same job.
const box = document.querySelector('[data-kinship-passkey]')

// Codes of the server's refusals whose message is ours, and translated;
// for anything else the page's own message is clearer.
const OUR_MESSAGES = ['sign_in_again', 'locked_out', 'confirm_first']

const toBytes = (text) => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const binary = window.atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  return Uint8Array.from(binary, (character) => character.charCodeAt(0))
}

const toText = (buffer) => {
  let binary = ''
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte)
  return window.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const withIds = (list) => (list || []).map((item) => ({ ...item, id: toBytes(item.id) }))

const creationOptions = (options) => ({
  ...options,
  challenge: toBytes(options.challenge),
  user: { ...options.user, id: toBytes(options.user.id) },
  excludeCredentials: withIds(options.excludeCredentials)
})

const requestOptions = (options) => ({
  ...options,
  challenge: toBytes(options.challenge),
  allowCredentials: withIds(options.allowCredentials)
})

const common = (credential) => ({
  id: credential.id,
  rawId: toText(credential.rawId),
  type: credential.type,
  clientExtensionResults: credential.getClientExtensionResults(),
  authenticatorAttachment: credential.authenticatorAttachment || undefined
})

const registration = (credential) => ({
  ...common(credential),
  response: {
    clientDataJSON: toText(credential.response.clientDataJSON),
    attestationObject: toText(credential.response.attestationObject),
    transports: credential.response.getTransports ? credential.response.getTransports() : []
  }
})

const authentication = (credential) => ({
  ...common(credential),
  response: {
    clientDataJSON: toText(credential.response.clientDataJSON),
    authenticatorData: toText(credential.response.authenticatorData),
    signature: toText(credential.response.signature),
    userHandle: credential.response.userHandle ? toText(credential.response.userHandle) : undefined
  }
})

class Refused extends Error {
  constructor (answer) {
    super(answer.detail || '')
    this.code = answer.code
  }
}

if (box && window.PublicKeyCredential && navigator.credentials) {
  const button = box.querySelector('[data-kinship-passkey-start]')
  const problem = box.querySelector('[data-kinship-passkey-problem]')
  const message = box.querySelector('[data-kinship-passkey-message]')
  const token = box.querySelector('input[name="csrfmiddlewaretoken"]').value
  const adding = box.dataset.kinshipPasskey === 'add'

  const post = async (url, body) => {
    const response = await window.fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRFToken': token },
      body: JSON.stringify(body || {})
    })
    if (!(response.headers.get('Content-Type') || '').startsWith('application/json')) {
      // Not the ceremony's answer (a lockout, an expired session): the
      // page itself says what happened.
      window.location.reload()
      return new Promise(() => {})
    }
    const answer = await response.json()
    if (!response.ok) throw new Refused(answer)
    return answer
  }

  const show = (text) => {
    message.textContent = text
    problem.hidden = false
    problem.focus()
  }

  box.querySelectorAll('[data-kinship-passkey-no-script]').forEach((element) => { element.hidden = true })
  button.hidden = false
  button.addEventListener('click', async () => {
    button.disabled = true
    problem.hidden = true
    try {
      const options = await post(box.dataset.beginUrl)
      const credential = adding
        ? await navigator.credentials.create({ publicKey: creationOptions(options) })
        : await navigator.credentials.get({ publicKey: requestOptions(options) })
      const answer = await post(box.dataset.completeUrl, adding ? registration(credential) : authentication(credential))
      window.location.assign(answer.redirect_url || box.dataset.doneUrl)
    } catch (error) {
      show(error instanceof Refused && OUR_MESSAGES.includes(error.code) ? error.message : box.dataset.failed)
      button.disabled = false
    }
  })
}
