// PostHog's full build, driven with the shared setup (posthog-setup.ts).
import posthog from 'posthog-js'
import { drivePosthog } from './posthog-setup'

drivePosthog(posthog as never)
