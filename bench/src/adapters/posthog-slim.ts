// PostHog's slim build (posthog-js/dist/module.slim: no bundled extensions), set up exactly as the full build.
import posthog from 'posthog-js/dist/module.slim'
import { drivePosthog } from './posthog-setup'

drivePosthog(posthog as never)
