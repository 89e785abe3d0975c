// Secrets the app reads through Key Vault references in its app settings (app/app.bicep). RBAC authorisation only:
// the app's identity is a Key Vault Secrets User, the deployer a Secrets Officer (app/rbac.bicep).
// A secret parameter left empty leaves that secret as it is, so `az keyvault secret set` works as well as
// `azd env set` + `azd provision`, and a later provision without the value does not wipe it.
param name string
param location string
param tags object = {}

@secure()
param entraClientSecret string = ''
@secure()
param stripeSecretKey string = ''
@secure()
param stripeWebhookSecret string = ''

@description('Purge protection keeps deleted secrets for the retention period and cannot be turned off again; off by default so `azd down --purge` and a fresh `azd up` work.')
param purgeProtection bool = false

// The secret names app/app.bicep refers to.
var secretNames = {
  entraClientSecret: 'entra-client-secret'
  stripeSecretKey: 'stripe-secret-key'
  stripeWebhookSecret: 'stripe-webhook-secret'
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource entraClientSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(entraClientSecret)) {
  parent: vault
  name: secretNames.entraClientSecret
  properties: { value: entraClientSecret }
}

resource stripeSecretKeyValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(stripeSecretKey)) {
  parent: vault
  name: secretNames.stripeSecretKey
  properties: { value: stripeSecretKey }
}

resource stripeWebhookSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(stripeWebhookSecret)) {
  parent: vault
  name: secretNames.stripeWebhookSecret
  properties: { value: stripeWebhookSecret }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
output secretNames object = secretNames
