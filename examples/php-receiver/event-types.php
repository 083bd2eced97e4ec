<?php
/**
 * Solar Proof's event types (its docs subscribe one hook URL per type). contract_signed exists in
 * v2 payloads only. Shared by receiver.php and subscribe.php.
 */
declare(strict_types=1);

return [
    'customer_created',
    'customer_status_change',
    'project_email_sent',
    'project_sms_sent',
    'published_proposal_link',
    'contract_signed',
    'recent_draft_project',
];
