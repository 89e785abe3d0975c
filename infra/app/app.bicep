// The Flex Consumption plan and the Function App that runs ConsentCloud as a custom handler: host.json starts
// `dotnet ConsentCloud.Web.dll`, so the runtime is dotnet-isolated at the app's .NET version (REFERENCE §1).
param name string
param planName string
param location string
param tags object = {}
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param keyVaultUri string
param entraApiClientId string
param entraPortalClientId string
@description('Stripe price ids: starter, agency, scale (the paid plans) and metered.')
param stripePrices object
@description('The portal\'s public origin (https://host) for sign-in redirects and links; empty: the Function App\'s own host name.')
param publicOrigin string = ''
param maximumInstanceCount int = 100
param httpPerInstanceConcurrency int = 64
param alwaysReadyHttpInstances int = 1
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

// Must match the app's target framework (tests/ConsentCloud.Tests/Deploy checks it against the published app).
var dotnetVersion = '10.0'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

// App settings, by purpose. tests/ConsentCloud.Tests/Deploy reads the keys of every `var ...Settings = {` object in
// infra/, so a setting the app requires (RequiredSetting in the app) must appear in one of them, one per line.

var portalOrigin = empty(publicOrigin) ? 'https://${app.properties.defaultHostName}' : publicOrigin

// The Functions host itself: its storage by identity (timers and the ScanSite queue trigger need it), telemetry by identity.
var hostSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// ConsentCloud (the handler inherits every app setting as an environment variable; `__` separates sections).
var appSettings = {
  ASPNETCORE_ENVIRONMENT: 'Production'
  Storage__TableEndpoint: storage.properties.primaryEndpoints.table
  Storage__BlobEndpoint: storage.properties.primaryEndpoints.blob
  Storage__QueueEndpoint: storage.properties.primaryEndpoints.queue
  Storage__ManagedIdentityClientId: identityClientId
  Auth__Entra__ClientId: entraApiClientId
  Auth__MicrosoftSignIn__ClientId: entraPortalClientId
  Portal__PublicOrigin: portalOrigin
  Demo__Seed: 'false'
  Jobs__LocalScheduler: 'false'
  Scanning__LocalWorker: 'false'
  Billing__Plans__Starter__PriceId: stripePrices.starter
  Billing__Plans__Agency__PriceId: stripePrices.agency
  Billing__Plans__Scale__PriceId: stripePrices.scale
  Billing__MeteredPriceId: stripePrices.metered
}

// Secrets: Key Vault references, resolved by the platform with the identity (keyVaultReferenceIdentity below).
// The names match core/keyvault.bicep.
var secretSettings = {
  Auth__MicrosoftSignIn__ClientSecret: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/entra-client-secret/)'
  Billing__Stripe__SecretKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/stripe-secret-key/)'
  Billing__Stripe__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/stripe-webhook-secret/)'
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'app' }) // azure.yaml's service
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // The public endpoints under /v1 are called by every customer's website. The banner script itself loads
      // with a <script> tag (no CORS), but its fetches of config.json and the consent POST/GET/DELETE are
      // cross-origin: any origin, never with credentials (no cookies cross origins; the app checks each site's
      // origins itself on consent calls). On Flex the platform answers preflights from this list.
      cors: {
        allowedOrigins: ['*']
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyHttpInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyHttpInstances }] : []
        triggers: {
          http: { perInstanceConcurrency: httpPerInstanceConcurrency }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(hostSettings, appSettings, secretSettings)
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output portalOrigin string = portalOrigin
