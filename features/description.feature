Feature: Description
  "The description can contain a maximum of 64 characters. The value cannot contain the
  left angle bracket (<) or right angle bracket (>)." The description is optional, and
  it is the description of the protected instances the batch creates. Lengths are
  counted in characters, not bytes (openapi.yaml, decision 4).

  @core @BC-014
  Scenario: A batch without a description is accepted
    Given a batch of 1 server in the group's VPC
    When the batch is sent
    Then the batch is accepted

  Scenario Outline: A description of length <length> is <verdict>
    Given a batch of 1 server in the group's VPC
    And a description of <length> characters
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-015
    Examples: the vendor page, the longest description
      | length | verdict  |
      | 64     | accepted |

    @core @BC-015 @readonly
    Examples: the vendor page, one character more
      | length | verdict  |
      | 65     | rejected |

    @extended @BX-002 @readonly
    Examples: the real service's code
      | length | verdict                                   |
      | 65     | rejected with HTTP 400 and code SDRS.0212 |

  @core @BC-015
  Scenario: A description of 64 non-ASCII characters is accepted
    Given a batch of 1 server in the group's VPC
    And a description of 64 non-ASCII characters
    When the batch is sent
    Then the batch is accepted

  @core @BC-042
  Scenario: The instances carry the batch's description
    Given a batch of 2 servers in the group's VPC
    And a description of 64 non-ASCII characters
    When the batch is sent
    Then each instance carries the batch's description

  Scenario Outline: A description containing "<bracket>" is <verdict>
    Given a batch of 1 server in the group's VPC
    And a description containing "<bracket>"
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-016 @readonly
    Examples: the vendor page
      | bracket | verdict  |
      | <       | rejected |
      | >       | rejected |

    @extended @BX-002 @readonly
    Examples: the real service's code
      | bracket | verdict                                   |
      | <       | rejected with HTTP 400 and code SDRS.0212 |
      | >       | rejected with HTTP 400 and code SDRS.0212 |

  Scenario Outline: A description that is <case> is <verdict>
    Given a batch of 1 server in the group's VPC
    And the field "protected_instances.description" is set to <value>
    When the batch is sent
    Then the batch is <verdict>

    @core @BC-017 @readonly
    Examples: not a string
      | case     | value     | verdict  |
      | a number | 64        | rejected |
      | an object | {"a":"b"} | rejected |

    @extended @BX-003 @readonly
    Examples: the real service's code
      | case     | value | verdict                                   |
      | a number | 64    | rejected with HTTP 400 and code SDRS.0201 |
