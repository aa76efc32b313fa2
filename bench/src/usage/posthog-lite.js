import PostHog from 'posthog-js-lite'
const posthog = new PostHog('phc_KEY', { host: 'https://us.i.posthog.com' })
posthog.capture('signup', { plan: 'team' })
