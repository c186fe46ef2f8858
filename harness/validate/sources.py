"""The Microsoft pages (and the few public reports) each check cites, by name, as users should look them up."""

from __future__ import annotations

LEARN = "https://learn.microsoft.com/en-us/entra/identity"
SCIM_GUIDE = (
    "Microsoft Learn, 'Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID' "
    f"({LEARN}/app-provisioning/use-scim-to-provision-users-and-groups)"
)
COMPLIANCE = (
    "Microsoft Learn, 'Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user "
    f"provisioning service' ({LEARN}/app-provisioning/application-provisioning-config-problem-scim-compatibility)"
)
HOW_IT_WORKS = (
    "Microsoft Learn, 'How Application Provisioning works in Microsoft Entra ID' "
    f"({LEARN}/app-provisioning/how-provisioning-works)"
)
VALIDATOR = (
    "Microsoft Learn, 'Tutorial: Validate a SCIM endpoint' (the Microsoft SCIM Validator) "
    f"({LEARN}/app-provisioning/scim-validator-tutorial)"
)
LOGS = (
    "Microsoft Learn, 'How to download and analyze the Microsoft Entra provisioning logs' "
    f"({LEARN}/monitoring-health/howto-analyze-provisioning-logs)"
)
QUARANTINE = (
    "Microsoft Learn, 'Application provisioning in quarantine status' "
    f"({LEARN}/app-provisioning/application-provisioning-quarantine-status)"
)
ATTRIBUTES = (
    "Microsoft Learn, 'Tutorial - Customize user provisioning attribute-mappings for SaaS applications' "
    f"({LEARN}/app-provisioning/customize-application-attributes)"
)
ACCOUNT_DISCOVERY = (
    "Microsoft Learn, 'Discover identities in target applications with Account Discovery' "
    f"({LEARN}/app-provisioning/how-to-account-discovery)"
)
LOGIC_APP_SUITE = (
    "Microsoft's SCIM validation suite (AzureAD/SCIMReferenceCode, "
    "Microsoft.SCIM.LogicAppValidationTemplate/SCIM-Validation-Test-Overview.md)"
)
MANAGER_STRING = "Entra traffic observed in 2024 (Captain-P-Goldfish/SCIM-SDK#686), with " + COMPLIANCE
CLEAR_VALUES = (
    f"Microsoft Learn, 'Clear attribute values (Preview)' ({LEARN}/app-provisioning/clear-attribute-values)"
)
