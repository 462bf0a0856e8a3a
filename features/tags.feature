Feature: Tags of the protected instances
  The example request tags the instances with {"key": "test", "value": "aaaaa"}. The
  real service allows up to 10 tags with unique keys of 1 to 36 characters and values
  of up to 43, without control characters or *<>\=,|/.

  @core @BC-022
  Scenario: The example's tag is accepted
    Given a batch of 1 server in the group's VPC
    And the field "protected_instances.tags" is set to [{"key": "test", "value": "aaaaa"}]
    When the batch is sent
    Then the batch is accepted

  @extended @BX-023
  Scenario: The instances carry the batch's tags
    Given a batch of 2 servers in the group's VPC
    And the batch has 3 tags
    When the batch is sent
    Then each instance carries the batch's tags

  Scenario Outline: A batch with <tags> is <verdict>
    Given a batch of 1 server in the group's VPC
    And the batch has <tags>
    When the batch is sent
    Then the batch is <verdict>

    @extended @BX-011
    Examples: at the limits
      | tags                                | verdict  |
      | 10 tags                             | accepted |
      | a tag whose key has 36 characters   | accepted |
      | a tag whose value has 43 characters | accepted |

    @extended @BX-011 @readonly
    Examples: past the limits
      | tags                                | verdict                                   |
      | 11 tags                             | rejected with HTTP 400 and code SDRS.2203 |
      | a tag whose key has 37 characters   | rejected with HTTP 400 and code SDRS.2204 |
      | a tag with a blank key              | rejected with HTTP 400 and code SDRS.2205 |
      | a tag whose value has 44 characters | rejected with HTTP 400 and code SDRS.2207 |
      | a tag whose value contains "="      | rejected with HTTP 400 and code SDRS.2207 |
      | two tags with the same key          | rejected with HTTP 400 and code SDRS.2209 |
