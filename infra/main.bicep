// ConsentCloud in one resource group: a Flex Consumption Function App running the app as a custom handler, with a
// user-assigned managed identity for everything it reaches (storage, Key Vault, Application Insights), no shared
// keys anywhere, and optionally Azure Front Door in front of the public endpoints. Deployed by `azd up`.
// Modelled on Azure-Samples/functions-quickstart-dotnet-azd and mcp-sdk-functions-hosting-dotnet, with plain
// resources instead of registry modules so every property is visible here. Not compiled on the build machine (no
// Bicep CLI there): `az bicep build --file infra/main.bicep` or `azd provision --preview` checks it.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; a hash of it names every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource. Flex Consumption is not offered everywhere: swedencentral, northeurope, westeurope, norwayeast and uksouth are good choices for Nordic customers.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the person (or pipeline) running azd: may read and write the data and set Key Vault secrets. Empty: no access for people.')
param principalId string = ''

@description('Application (client) id of the ConsentCloud API app registration in Entra ID: the audience of management API tokens (Auth:Entra:ClientId). Required.')
param entraApiClientId string

@description('Application (client) id of the app registration used for portal sign-in; empty uses the API registration.')
param entraPortalClientId string = ''

@secure()
@description('Client secret of the portal sign-in registration; stored in Key Vault as entra-client-secret. Empty leaves the secret as it is (set it with az keyvault secret set).')
param entraClientSecret string = ''

@secure()
@description('Stripe secret API key (sk_live_... or sk_test_...); stored in Key Vault as stripe-secret-key. Empty leaves the secret as it is.')
param stripeSecretKey string = ''

@secure()
@description('Stripe webhook signing secret (whsec_...); stored in Key Vault as stripe-webhook-secret. Empty leaves the secret as it is.')
param stripeWebhookSecret string = ''

@description('Stripe price ids of the paid plans (appsettings.json Billing:Plans) and of the metered price for decisions above a plan\'s included volume; see docs/billing.md.')
param stripePrices object = {
  starter: ''
  agency: ''
  scale: ''
  metered: ''
}

@description('Redundancy of the storage account that holds the consent proof. ZRS keeps it through a zone outage; GZRS also copies it to the paired region.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSku string = 'Standard_ZRS'

@description('Most instances the app may scale out to (Flex Consumption allows up to 1000).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Concurrent HTTP requests one instance takes before Flex adds another. The app is asynchronous and serves the banner from memory, so it takes far more than the platform default of 16 on 2048 MB; measure before raising.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 64

@description('Instances kept warm for the HTTP functions, so the first visitor after a quiet hour gets no cold start (billed while idle).')
@minValue(0)
param alwaysReadyHttpInstances int = 1

@description('Put Azure Front Door (Standard) in front of the app: edge caching of /v1 and /p, one public host name.')
param frontDoorEnabled bool = false

@description('Optional custom domain on Front Door, e.g. consent.example.com (a CNAME and a TXT record to add, see docs/deploy.md).')
param customDomainName string = ''

@description('The portal\'s public origin, e.g. https://consent.example.com: the sign-in redirect URI and the links in invitations use it (Portal:PublicOrigin). Empty: https:// and the custom domain when there is one, else the Function App\'s host name. With Front Door but no custom domain, set it to https:// and FRONT_DOOR_ENDPOINT after the first provision.')
param publicOrigin string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var appName = 'func-consentcloud-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-consentcloud-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stcc${resourceToken}'
    location: location
    tags: tags
    sku: storageSku
    deploymentContainerName: deploymentContainerName
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-consentcloud-${resourceToken}'
    applicationInsightsName: 'appi-consentcloud-${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-cc-${resourceToken}'
    location: location
    tags: tags
    entraClientSecret: entraClientSecret
    stripeSecretKey: stripeSecretKey
    stripeWebhookSecret: stripeWebhookSecret
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
  }
}

module app 'app/app.bicep' = {
  name: 'app'
  scope: rg
  params: {
    name: appName
    planName: 'plan-consentcloud-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultUri: keyVault.outputs.uri
    entraApiClientId: entraApiClientId
    entraPortalClientId: empty(entraPortalClientId) ? entraApiClientId : entraPortalClientId
    stripePrices: stripePrices
    publicOrigin: !empty(publicOrigin) ? publicOrigin : (frontDoorEnabled && !empty(customDomainName) ? 'https://${customDomainName}' : '')
    maximumInstanceCount: maximumInstanceCount
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
  }
  // The identity must hold its roles before the app starts and reads storage, secrets and telemetry.
  dependsOn: [rbac]
}

module frontDoor 'app/frontdoor.bicep' = if (frontDoorEnabled) {
  name: 'frontdoor'
  scope: rg
  params: {
    profileName: 'afd-consentcloud-${resourceToken}'
    endpointName: 'consentcloud-${resourceToken}'
    originHostName: app.outputs.defaultHostName
    customDomainName: customDomainName
    tags: tags
  }
}

var publicHostName = frontDoorEnabled ? (empty(customDomainName) ? frontDoor.outputs.endpointHostName : customDomainName) : app.outputs.defaultHostName

// What azd and the operator need after `azd provision` (also written to .azure/<env>/.env).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = app.outputs.name
output SERVICE_APP_NAME string = app.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
output CONSENTCLOUD_URL string = 'https://${publicHostName}'
output CONSENTCLOUD_FUNCTION_HOST string = app.outputs.defaultHostName
output CONSENTCLOUD_PORTAL_ORIGIN string = app.outputs.portalOrigin
output FRONT_DOOR_ENDPOINT string = frontDoorEnabled ? frontDoor.outputs.endpointHostName : ''
output CUSTOM_DOMAIN_VALIDATION_TOKEN string = frontDoorEnabled && !empty(customDomainName) ? frontDoor.outputs.customDomainValidationToken : ''
