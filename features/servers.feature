Feature: The servers of a batch
  "servers: Specifies the servers for creating protected instances. A maximum of five
  servers are supported by default." "server_id: Specifies the ID of the production
  site server." The limit comes from the target profile (limits.servers_per_batch).

  @core @BC-024
  Scenario: A batch of one server is accepted
    Given a batch of 1 server in the group's VPC
    When the batch is sent
    Then the batch is accepted

  @core @BC-024
  Scenario: A batch of as many servers as the limit allows is accepted
    Given a batch of as many servers as the limit allows
    When the batch is sent
    Then the batch is accepted

  @core @BC-024 @readonly
  Scenario: A batch of one server more than the limit allows is rejected
    Given a batch of one server more than the limit allows
    When the batch is sent
    Then the batch is rejected

  @extended @BX-003 @readonly
  Scenario: One server more than the limit is refused with SDRS.0201
    Given a batch of one server more than the limit allows
    When the batch is sent
    Then the batch is rejected with HTTP 400 and code SDRS.0201

  Scenario Outline: A batch whose servers are <case> is <verdict>
    Given a batch of 1 server in the group's VPC
    And the field "protected_instances.servers" <edit>
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-023 @readonly
    Examples: the vendor page
      | case            | edit                   | verdict  |
      | missing         | is removed             | rejected |
      | an empty list   | is set to []           | rejected |
      | not an array    | is set to {"a":"b"}    | rejected |

    @extended @BX-003 @readonly
    Examples: the real service's code
      | case          | edit         | verdict                                   |
      | missing       | is removed   | rejected with HTTP 400 and code SDRS.0201 |
      | an empty list | is set to [] | rejected with HTTP 400 and code SDRS.0201 |

  @core @BC-025 @readonly
  Scenario: A server without server_id is rejected
    Given a batch of 1 server in the group's VPC
    And the field "protected_instances.servers.0.server_id" is removed
    When the batch is sent
    Then the batch is rejected

  @core @BC-026 @readonly
  Scenario: A server that does not exist is rejected
    Given a batch of 1 server in the group's VPC
    And the batch also includes a server that does not exist
    When the batch is sent
    Then the batch is rejected

  @extended @BX-008 @readonly
  Scenario: A server that does not exist is refused with SDRS.1326
    Given a batch of 1 server in the group's VPC
    And the batch also includes a server that does not exist
    When the batch is sent
    Then the batch is rejected with HTTP 400 and code SDRS.1326
