Feature: Batch creating protected instances
  POST /v1/{project_id}/protected-instances/batch creates one protected instance per
  listed server. The server accepts the request with HTTP 202 and a job id; the job
  creates the instances. Each instance is named after the name prefix with a suffix
  such as "-0001"; its DR-site server has the production server's name but another id.

  @core @BC-001 @BC-002 @BC-003 @BC-004 @BC-005 @BC-006 @BC-007 @BC-008 @BC-022 @BC-037
  Scenario: The vendor document's example request creates the protected instances
    Given the request body "example.json"
    When the batch is sent
    Then the request is accepted with a job id
    And the job ends with status SUCCESS
    And the group holds one protected instance per server, named after the prefix with a suffix
    And each DR-site server has its production server's name and a different id
