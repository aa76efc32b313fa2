import { init, track } from 'journeytag'
init({ endpoint: 'https://collect.example.com/e' })
track('signup', { plan: 'team' })
