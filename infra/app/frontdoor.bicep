// Optional (main.bicep: frontDoorEnabled): Azure Front Door Standard in front of the Function App, so the banner
// files and policy pages are served from the edge. The app sets every caching header itself and Front Door honours
// them: /v1/sites/*/banner.js and config.json (short public max-age + strong ETag), /p/* pages (immutable versions,
// short-lived "current" pages); consent calls are POST or `no-store` and never cached. /api, /portal, /billing pass
// through uncached.
param profileName string
param endpointName string
param originHostName string
@description('Optional custom domain, e.g. consent.example.com. Empty: the *.azurefd.net host only.')
param customDomainName string = ''
param tags object = {}

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: profileName
  location: 'global'
  tags: tags
  sku: { name: 'Standard_AzureFrontDoor' }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  properties: { enabledState: 'Enabled' }
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'app'
  properties: {
    loadBalancingSettings: { sampleSize: 4, successfulSamplesRequired: 3, additionalLatencyInMilliseconds: 50 }
    // GET / is the app's readiness answer: cheap, touches no storage.
    healthProbeSettings: { probePath: '/', probeRequestType: 'GET', probeProtocol: 'Https', probeIntervalInSeconds: 100 }
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: originGroup
  name: 'function-app'
  properties: {
    hostName: originHostName
    originHostHeader: originHostName
    httpsPort: 443
    priority: 1
    weight: 1000
    enforceCertificateNameCheck: true
  }
}

resource customDomain 'Microsoft.Cdn/profiles/customDomains@2024-02-01' = if (!empty(customDomainName)) {
  parent: profile
  name: replace(customDomainName, '.', '-')
  properties: {
    hostName: customDomainName
    tlsSettings: { certificateType: 'ManagedCertificate', minimumTlsVersion: 'TLS12' }
  }
}

var domains = empty(customDomainName) ? [] : [{ id: customDomain.id }]

// Public, cacheable: the banner's files and the hosted policies. Query strings are part of the cache key.
resource publicRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'public'
  dependsOn: [origin]
  properties: {
    originGroup: { id: originGroup.id }
    customDomains: domains
    patternsToMatch: ['/v1/*', '/p/*']
    supportedProtocols: ['Https']
    httpsRedirect: 'Disabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    cacheConfiguration: {
      queryStringCachingBehavior: 'UseQueryString'
      // The app already sends br/gzip with Vary: Accept-Encoding.
      compressionSettings: { isCompressionEnabled: false }
    }
  }
}

// Everything else (management API, portal, billing webhooks, readiness): straight to the app, never cached.
resource appRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'app'
  dependsOn: [origin, publicRoute]
  properties: {
    originGroup: { id: originGroup.id }
    customDomains: domains
    patternsToMatch: ['/*']
    supportedProtocols: ['Http', 'Https']
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
  }
}

output endpointHostName string = endpoint.properties.hostName
output customDomainValidationToken string = empty(customDomainName) ? '' : customDomain.properties.validationProperties.validationToken
