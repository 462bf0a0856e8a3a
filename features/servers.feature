Feature: Number of servers
  "A maximum of five servers are supported by default." The limit comes from the target
  profile (limits.servers_per_batch, 5 unless the target says otherwise).

  Scenario: A batch of as many servers as the limit allows is accepted
    Given a batch of as many servers as the limit allows
    When the batch is sent
    Then the batch is accepted

  Scenario: A batch of one server more than the limit allows is rejected
    Given a batch of one server more than the limit allows
    When the batch is sent
    Then the batch is rejected
